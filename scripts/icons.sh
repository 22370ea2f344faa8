#!/usr/bin/env bash
# Regenerates the app icons in icons/ (committed; referenced by
# src-tauri/tauri.conf.json): a rounded square in the brand colour with "cp".
# Needs ImageMagick 6 (`convert`) and the DejaVu fonts.
set -euo pipefail
cd "$(dirname "$0")/../icons"

brand='#0e6e8c'
master=icon.png   # 512x512, RGBA (Tauri rejects icons without alpha)

convert -size 512x512 xc:none \
    -fill "$brand" -draw 'roundrectangle 16,16 495,495 96,96' \
    -font DejaVu-Sans-Bold -pointsize 250 -fill white \
    -gravity center -annotate +0-14 'cp' \
    "PNG32:$master"

for size in 32x32 128x128; do
    convert "$master" -resize "$size" "PNG32:$size.png"
done
convert "$master" -resize 256x256 "PNG32:128x128@2x.png"
echo "icons written to $(pwd)"
