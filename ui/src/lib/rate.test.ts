import { describe, expect, it } from "vitest";
import { formatLeft, formatSpeed, RateMeter } from "./rate";

describe("RateMeter", () => {
  it("gives the speed over the last seconds and the time left", () => {
    const m = new RateMeter(100 * 1024 * 1024);
    expect(m.sample(0, 0).secondsLeft).toBeNull();
    const r = m.sample(10 * 1024 * 1024, 1000);
    expect(r.bytesPerSecond).toBe(10 * 1024 * 1024);
    expect(r.secondsLeft).toBe(9);
    expect(formatSpeed(r.bytesPerSecond)).toBe("10.0 MB/s");
    expect(formatLeft(r.secondsLeft)).toBe("about 9 s left");
  });

  it("follows a change of speed within its window", () => {
    const m = new RateMeter(1000);
    m.sample(0, 0);
    m.sample(100, 1000);
    m.sample(200, 2000);
    m.sample(300, 3000);
    // then ten times faster: the old samples leave the window
    let r = m.sample(1300, 4000);
    for (let t = 5000; t <= 8000; t += 1000) r = m.sample(1300 + (t - 4000), t);
    expect(r.bytesPerSecond).toBeGreaterThan(900);
    m.reset(50);
    expect(m.sample(10, 9000).bytesPerSecond).toBe(0);
  });

  it("says minutes for long waits", () => {
    expect(formatLeft(150)).toBe("about 3 min left");
    expect(formatLeft(null)).toBe("estimating the time left");
    expect(formatSpeed(512 * 1024)).toBe("512 KB/s");
  });
});
