// Generated from crates/core/src/model.rs by ts-rs. Do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p certpack-core --test bindings

export type Submission = { 
/**
 * Draft format version ([`DRAFT_FORMAT`]).
 */
format: number, 
/**
 * Offer setup tab.
 */
offer: Offer, 
/**
 * Packages tab.
 */
packages: Packages, 
/**
 * Properties tab.
 */
properties: Properties, 
/**
 * Availability tab and the notification audience of Review and publish.
 */
availability: Availability, 
/**
 * Rules allowed or downgraded for this submission, each with a reason.
 */
overrides: Array<Override>, 
/**
 * The last upload that was verified (the blob behind the SAS URI downloaded and
 * hashed to the package): what makes "Partner Center can download it" true.
 */
upload: UploadRecord | null, 
/**
 * An update of a certified connector: the previous version and the changelog.
 */
update: Update, 
/**
 * After submission: the tracker's states with dates, the preview-test ticks and
 * the pasted certification report.
 */
tracker: Tracker, 
/**
 * What is being certified: a Power Platform connector (this whole form) or a
 * Power Query connector ([`Submission::power_query`]; the offer's name is the
 * connector's name).
 */
kind: SubmissionKind, 
/**
 * A Power Query connector's submission: the `.mez`, the documentation article,
 * the blog paragraph, an update's changelog, the demo checklist.
 */
powerQuery: PowerQueryDraft, };

export type PublisherKind = "verified" | "independent";

export type Offer = { 
/**
 * Internal, unique offer name (also the default bundle name).
 */
name: string, 
/**
 * Verified or independent publisher.
 */
publisher: PublisherKind, 
/**
 * "AI plugin enabled": the package then needs a third (plugin) solution.
 */
pluginEnabled: boolean, 
/**
 * Version of this submission, e.g. `1.0.0`.
 */
version: string, 
/**
 * The eligibility questions.
 */
eligibility: Eligibility, };

export type Packages = { 
/**
 * `intro.md` for the outer root.
 */
intro: string | null, 
/**
 * Exported connector solution zip.
 */
connectorSolution: string | null, 
/**
 * Exported flow solution zip.
 */
flowSolution: string | null, 
/**
 * Exported AI plugin solution zip (plugin-enabled offers only).
 */
pluginSolution: string | null, 
/**
 * A prebuilt Package Deployer package zip, used as-is instead of the solutions.
 */
package: string | null, 
/**
 * The connector source folder (`apiDefinition.swagger.json`, ...), optional.
 */
sourceDir: string | null, 
/**
 * OAuth client id (the secret is held separately and never written).
 */
oauthClientId: string, 
/**
 * SAS URI of the uploaded blob.
 */
sasUri: string, };

export type Properties = { 
/**
 * Up to three Partner Center categories ([`crate::rules::PARTNER_CENTER_CATEGORIES`]).
 */
categories: Array<string>, 
/**
 * Legal terms.
 */
legal: Legal, 
/**
 * Privacy policy link (https).
 */
privacyPolicyUrl: string, 
/**
 * Support document link (https).
 */
supportDocumentUrl: string, };

export type Legal = { 
/**
 * Use the Microsoft commercial marketplace Standard Contract.
 */
standardContract: boolean, 
/**
 * Or: the https URL of the publisher's own EULA.
 */
eulaUrl: string, };

export type Availability = { 
/**
 * HideKey: lowercase letters and digits; empty means the offer is public.
 */
hideKey: string, 
/**
 * E-mail addresses notified about the submission.
 */
notificationEmails: Array<string>, 
/**
 * Notes for certification (Review and publish): what Microsoft's testers need,
 * such as a test account and the steps to try the connector.
 */
certificationNotes: string, };

export type Override = { 
/**
 * Rule code, e.g. `OPS-04`.
 */
code: string, 
/**
 * Drop the rule's findings.
 */
allow: boolean, 
/**
 * Or: report them with this (lesser) severity.
 */
severity: Severity | null, 
/**
 * Why: required, and shown in every report.
 */
reason: string, 
/**
 * Only findings whose file path contains this text.
 */
file: string | null, };

export type UploadRecord = { 
/**
 * The outer zip that was uploaded.
 */
package: string, 
/**
 * Its SHA-256 (lowercase hex), which the blob downloaded through the SAS matched.
 */
sha256: string, 
/**
 * Its size in bytes.
 */
size: number, 
/**
 * The blob's URL, without the SAS.
 */
blobUrl: string, 
/**
 * The SAS's expiry (`se`), as written in it.
 */
expires: string | null, 
/**
 * When the download through the SAS matched, RFC 3339 UTC.
 */
verifiedAt: string, 
/**
 * SHA-256 of the SAS URI that was verified: a different URI in the form is not.
 */
sasSha256: string, };

export type Update = { 
/**
 * The offer updates a certified connector.
 */
enabled: boolean, 
/**
 * The previously certified version: a connector folder, a solution zip, a
 * package or an upload (the last export).
 */
previous: string | null, 
/**
 * The customer-facing changelog (Markdown), drafted from the comparison and
 * edited by the publisher; bundled as `CHANGELOG.md` and shown on the sheet.
 */
changelog: string, };

export type TrackerState = "prOpen" | "prMerged" | "submitted" | "attentionNeeded" | "previewReady" | "expired" | "goLive" | "deploying" | "live" | "gaRequested" | "ga";

export type TrackerEvent = { 
/**
 * The state entered.
 */
state: TrackerState, 
/**
 * When: RFC 3339 with offset (`2026-03-05T07:30:00-08:00`) or a date (`2026-03-05`).
 */
at: string, 
/**
 * A note (who, what the e-mail said).
 */
note?: string, };

export type Tracker = { 
/**
 * The states entered, oldest first.
 */
events: Array<TrackerEvent>, 
/**
 * Ids of the preview-test checklist items ticked.
 */
checked: Array<string>, 
/**
 * The certification report as pasted from Partner Center's e-mail or page.
 */
report: string, };

export type Eligibility = { 
/**
 * The publisher owns the API behind the connector (verified publishers must).
 */
ownsApi: boolean | null, 
/**
 * Customers have a support contract (a way to get help with the service).
 */
supportContract: boolean | null, 
/**
 * The service commits to at least 99.9% uptime (recommended).
 */
uptimeSla: boolean | null, };

export type AuthKind = { "kind": "oauth2", 
/**
 * The `identityProvider` (`aad`, `oauth2`, `oauth2generic`, a service's
 * own), when one is given.
 */
provider: string | null, } | { "kind": "apiKey" } | { "kind": "basic" } | { "kind": "none" } | { "kind": "other", 
/**
 * What it is, as a phrase (`a client certificate`).
 */
what: string, };

export type Share = { 
/**
 * Elements that have it.
 */
with: number, 
/**
 * Elements that should have it.
 */
total: number, };

export type Documented = { 
/**
 * How many elements there are.
 */
count: number, 
/**
 * With a summary (`summary`, `x-ms-summary`, or a property's `title`).
 */
summary: Share, 
/**
 * With a `description`.
 */
description: Share, 
/**
 * With an explicit `x-ms-visibility`.
 */
visibility: Share, };

export type Coverage = { 
/**
 * The operations.
 */
operations: Documented, 
/**
 * The parameters.
 */
parameters: Documented, 
/**
 * The response properties.
 */
properties: Documented, 
/**
 * Whether the walk of the response schemas stopped at its budget (the property
 * figures are then a lower bound).
 */
truncated: boolean, };

export type AppliedOverride = { 
/**
 * Where it came from (`certpack.toml`, `draft`).
 */
source: string, 
/**
 * How many findings it changed in this report.
 */
count: number, 
/**
 * Rule code, e.g. `OPS-04`.
 */
code: string, 
/**
 * Drop the rule's findings.
 */
allow: boolean, 
/**
 * Or: report them with this (lesser) severity.
 */
severity: Severity | null, 
/**
 * Why: required, and shown in every report.
 */
reason: string, 
/**
 * Only findings whose file path contains this text.
 */
file: string | null, };

export type Severity = "error" | "warning" | "info";

export type Location = { 
/**
 * File path, `!/` into zips.
 */
file: string | null, 
/**
 * JSON pointer (RFC 6901) inside the file.
 */
pointer: string | null, 
/**
 * 1-based line.
 */
line: number | null, 
/**
 * 1-based column (in characters).
 */
column: number | null, 
/**
 * Form field id.
 */
field: string | null, };

export type Diagnostic = { 
/**
 * Stable rule code, e.g. `PKG-03`.
 */
code: string, 
/**
 * Severity after overrides.
 */
severity: Severity, 
/**
 * What is wrong, in one sentence, naming the thing.
 */
message: string, 
/**
 * What to do about it (and a link to Microsoft's page when there is one).
 */
help: string | null, 
/**
 * For a comparison of two versions (BRK): the place in the previous version.
 */
previous?: Location, 
/**
 * File path, `!/` into zips.
 */
file: string | null, 
/**
 * JSON pointer (RFC 6901) inside the file.
 */
pointer: string | null, 
/**
 * 1-based line.
 */
line: number | null, 
/**
 * 1-based column (in characters).
 */
column: number | null, 
/**
 * Form field id.
 */
field: string | null, };

export type Report = { 
/**
 * What was checked (a path, or `submission`).
 */
target: string, 
/**
 * What the target was detected as.
 */
kind: TargetKind, 
/**
 * Every finding.
 */
diagnostics: Array<Diagnostic>, 
/**
 * Overrides taken (see [`crate::overrides`]).
 */
overrides: Array<AppliedOverride>, };

export type TargetKind = "outer" | "package" | "solution" | "sourceFolder" | "submission" | "sasUri" | "mez";

export type Summary = { 
/**
 * Error findings.
 */
errors: number, 
/**
 * Warning findings.
 */
warnings: number, 
/**
 * Info findings.
 */
infos: number, };

export type EntryInfo = { 
/**
 * Full path, `!/` into nested zips (relative to the outer zip).
 */
path: string, 
/**
 * Uncompressed size in bytes.
 */
size: number, 
/**
 * Lowercase hex SHA-256 of the uncompressed bytes.
 */
sha256: string, 
/**
 * Nesting depth: 0 for the outer root's entries.
 */
depth: number, 
/**
 * Whether the entry is a zip that was opened and listed too.
 */
isArchive: boolean, };

export type Progress = { "event": "phase", "data": { 
/**
 * Phase name: `package`, `outer`, `verify`.
 */
name: string, 
/**
 * Bytes to process in this phase.
 */
total: number, } } | { "event": "bytes", "data": { 
/**
 * Bytes done in this phase.
 */
done: number, 
/**
 * Entry being processed.
 */
entry: string, } };

export type BundleSummary = { 
/**
 * The outer zip.
 */
outer: string, 
/**
 * `<outer>.sha256` (sha256sum format).
 */
checksumFile: string, 
/**
 * `manifest.json`.
 */
manifest: string, 
/**
 * SHA-256 of the outer zip.
 */
sha256: string, 
/**
 * Size of the outer zip.
 */
size: number, 
/**
 * Every entry at every level.
 */
entries: Array<EntryInfo>, 
/**
 * Findings of the re-check of the written package (and of the inputs).
 */
report: Report, 
/**
 * `CHANGELOG.md` beside the package (an update with a changelog), listed in the
 * manifest and in `<outer>.sha256`.
 */
changelog: string | null, };

export type ListedEntry = { 
/**
 * Path, with `!/` into the package.
 */
path: string, 
/**
 * Size in bytes (approximate for the package itself: headers are added).
 */
size: number, 
/**
 * `file <path>`, `generated` or `package`.
 */
source: string, };

export type Preview = { 
/**
 * The outer zip's name.
 */
outerName: string, 
/**
 * Its SHA-256.
 */
sha256: string, 
/**
 * Its size.
 */
size: number, 
/**
 * Every entry at every level.
 */
entries: Array<EntryInfo>, 
/**
 * Findings about the inputs, then about the written package.
 */
report: Report, };

export type SheetRow = { 
/**
 * Partner Center tab.
 */
tab: string, 
/**
 * Field label as Partner Center shows it.
 */
label: string, 
/**
 * The value to paste (empty when not given).
 */
value: string, 
/**
 * The draft's field id (for "Change" links).
 */
field: string, 
/**
 * Whether the value is worth a Copy button (false for notes).
 */
copyable: boolean, };

export type ConnectorSummary = { 
/**
 * Whether a connector was found in the draft's files.
 */
found: boolean, 
/**
 * Where it was read from (report path of its definition).
 */
from: string | null, 
/**
 * Display name (the swagger's `info.title`, else the solution's display name).
 */
title: string | null, 
/**
 * Whether a connection parameter is `oauthSetting`.
 */
usesOauth: boolean, 
/**
 * How users authenticate ([`eligibility::auth_kind`]).
 */
auth: AuthKind, 
/**
 * Every authentication option, one per multi-auth set
 * ([`eligibility::auth_options`]).
 */
authOptions: Array<AuthKind>, 
/**
 * [`eligibility::auth_sentence`], for Offer setup (`None` without a connector).
 */
authSentence: string | null, 
/**
 * Summaries, descriptions and visibility of operations, parameters and response
 * properties ([`eligibility::coverage`]).
 */
coverage: Coverage, 
/**
 * [`Coverage::sentence`], for Offer setup.
 */
coverageSentence: string | null, 
/**
 * The swagger's `Categories` metadata, as written.
 */
swaggerCategories: Array<string>, 
/**
 * Those categories as Partner Center names (at most 3).
 */
suggestedCategories: Array<string>, 
/**
 * The swagger's `Privacy policy` metadata.
 */
privacyUrl: string | null, 
/**
 * `iconBrandColor`.
 */
brandColor: string | null, 
/**
 * The icon as a `data:image/png;base64,...` URL.
 */
iconDataUrl: string | null, 
/**
 * Icon width and height in pixels.
 */
iconSize: [number, number] | null, 
/**
 * The icon's top-left pixel as `#RRGGBB` (its background).
 */
iconBackground: string | null, };

export type UpdateClass = "none" | "minor" | "major";

export type Change = { 
/**
 * The rule code (`BRK-01`, `PRP-08`).
 */
code: string, 
/**
 * The operationId (or `GET /path`), when the change is about one operation.
 */
operation: string | null, 
/**
 * That operation's summary (its display name).
 */
summary: string | null, 
/**
 * Whether existing flows, apps or connections may break.
 */
breaking: boolean, 
/**
 * Breaking, but the operation is versioned (deprecated or hidden, with its next
 * revision beside it).
 */
mitigated: boolean, 
/**
 * One customer-facing sentence (action display names, no JSON paths).
 */
text: string, };

export type Comparison = { 
/**
 * The findings, sorted like a report's (errors first at a place).
 */
diagnostics: Array<Diagnostic>, 
/**
 * None, minor or major.
 */
class: UpdateClass, 
/**
 * One per finding, in the same order.
 */
changes: Array<Change>, };

export type ChecklistItem = { 
/**
 * Stable id (`signIn`, `op:CreateTask`, `params:oauth`, ...).
 */
id: string, 
/**
 * The group it is shown under ("Sign in", "Actions and triggers", ...).
 */
group: string, 
/**
 * What to do, one sentence.
 */
text: string, 
/**
 * More about it, when there is more to say.
 */
detail: string | null, };

export type EntryKind = "done" | "expected" | "deadline";

export type TimelineEntry = { 
/**
 * What happens (or happened).
 */
label: string, 
/**
 * `YYYY-MM-DD`, Pacific time.
 */
date: string, 
/**
 * `HH:MM`, Pacific time, when the entry has a clock time.
 */
time: string | null, 
/**
 * Done, expected or deadline.
 */
kind: EntryKind, 
/**
 * A done entry: the state recorded. An expected entry: the state that begins
 * then (the train start: `deploying`; the expected completion: `live`). A
 * deadline: the state when it passes unmet (`expired`).
 */
state: TrackerState | null, };

export type Timeline = { 
/**
 * The current state: the last one recorded.
 */
state: TrackerState | null, 
/**
 * Every entry, by date (recorded events first on the same day).
 */
entries: Array<TimelineEntry>, 
/**
 * What the publisher does now, in one sentence.
 */
next: string | null, };

export type ReportLine = { 
/**
 * 1-based line number.
 */
line: number, 
/**
 * The line as pasted.
 */
text: string, 
/**
 * The certpack rule code it matches.
 */
code: string | null, 
/**
 * That rule's title (`None` when this certpack does not know the code yet).
 */
title: string | null, 
/**
 * That rule's explanation, fix and link.
 */
help: string | null, };

export type PrFolder = { 
/**
 * The folder inside the repository, e.g. `certified-connectors/Contoso Tasks`.
 */
root: string, 
/**
 * The pull request's title: the name, and for independent publishers
 * ` (Independent Publisher)` after it.
 */
prTitle: string, 
/**
 * The files, sorted by name.
 */
files: Array<PrFile>, 
/**
 * PRF and SEC-01 findings on the planned folder.
 */
diagnostics: Array<Diagnostic>, };

export type PrFile = { 
/**
 * File name inside the folder.
 */
name: string, 
/**
 * Size in bytes.
 */
size: number, 
/**
 * SHA-256, lowercase hex.
 */
sha256: string, };

export type DocFacts = { 
/**
 * The section / Data Source Kind name (`Contoso`).
 */
name: string, 
/**
 * The Data Source Kind's `Label` (`Contoso Tasks`), shown to users.
 */
label: string | null, 
/**
 * `Beta = true` in the Publish record: the Release State is `Preview`.
 */
beta: boolean, 
/**
 * The authentication kinds of the Data Source Kind record: `Anonymous`,
 * `UsernamePassword`, `Key`, `OAuth`, `Windows`, `Aad`, `Implicit`.
 */
authKinds: Array<string>, 
/**
 * The shared data source function.
 */
function: DocFunction | null, 
/**
 * The version adornment (`1.0.0`).
 */
version: string | null, };

export type DocFunction = { 
/**
 * `Contoso.Contents`.
 */
name: string, 
/**
 * Each parameter: name, M type (`text`, `Uri.Type`), optional.
 */
parameters: Array<[string, string, boolean]>, 
/**
 * `Documentation.LongDescription`, when the function has one.
 */
description: string | null, };

export type PqRole = "mez" | "article" | "blog" | "changelog";

export type PqFile = { 
/**
 * Its name in the folder.
 */
path: string, 
/**
 * What it is.
 */
role: PqRole, 
/**
 * Size in bytes.
 */
size: number, 
/**
 * SHA-256, lowercase hex.
 */
sha256: string, };

export type PqListing = { 
/**
 * The folder's name.
 */
folder: string, 
/**
 * Its files, sorted by name (checksums and manifest excluded).
 */
files: Array<PqFile>, 
/**
 * Findings about the inputs.
 */
diagnostics: Array<Diagnostic>, };

export type PqSummary = { 
/**
 * The folder.
 */
folder: string, 
/**
 * Its files (checksums and manifest excluded), sorted by name.
 */
files: Array<PqFile>, 
/**
 * The SHA-256 of `SHA256SUMS`: the set's hash, as in the manifest.
 */
sha256: string, 
/**
 * Findings about the inputs.
 */
diagnostics: Array<Diagnostic>, };

export type PqVerification = { 
/**
 * Checksum mismatches (SUM-01, SUM-02), then the checks of the files (PQ, ZIP).
 */
diagnostics: Array<Diagnostic>, 
/**
 * The files as found, with their sizes and SHA-256.
 */
files: Array<PqFile>, 
/**
 * The SHA-256 of `SHA256SUMS`, when it could be read.
 */
sha256: string | null, };

export type SubmissionKind = "powerPlatform" | "powerQuery";

export type PowerQueryDraft = { 
/**
 * The connector, `.mez` (or `.pqx`).
 */
mez: string | null, 
/**
 * The documentation article (Markdown).
 */
article: string | null, 
/**
 * The paragraph for the Power BI blog.
 */
blurb: string | null, 
/**
 * The connector updates a certified one.
 */
update: boolean, 
/**
 * The certified `.mez` it updates (compared: BRK-31…36).
 */
previous: string | null, 
/**
 * An update's customer-facing changelog (Markdown).
 */
changelog: string | null, 
/**
 * Ids of the demo scenarios recorded ([`crate::pq::draft::SCENARIOS`]).
 */
demo: Array<string>, 
/**
 * What Microsoft's testers need, for the sheet.
 */
testing: PowerQueryTesting, };

export type PowerQueryTesting = { 
/**
 * The persistent test account's user name Microsoft can keep for later updates.
 */
account: string, 
/**
 * How to use the connector and test its features.
 */
instructions: string, 
/**
 * What must be installed first (an ODBC driver), with links, or "None".
 */
dependencies: string, };

export type DemoItem = { 
/**
 * [`Scenario::id`].
 */
id: string, 
/**
 * [`Scenario::text`].
 */
text: string, 
/**
 * Ticked in the draft.
 */
done: boolean, };

export type DraftText = "article" | "blurb" | "changelog";

export type PqDraftCheck = { 
/**
 * Every finding (form fields, the `.mez`, the texts, an update's comparison),
 * with the draft's overrides applied.
 */
report: Report, 
/**
 * What the `.mez` says (name, label, Release State, authentication, the data
 * source function), when it could be read.
 */
facts: DocFacts | null, 
/**
 * The folder as it will be written (names, sizes, SHA-256); its files are those
 * chosen so far.
 */
listing: PqListing, 
/**
 * Whether every file the folder needs is chosen (else it cannot be exported).
 */
complete: boolean, 
/**
 * What Microsoft asks, with the values to paste.
 */
sheet: Array<SheetRow>, 
/**
 * The demo checklist with its ticks.
 */
demo: Array<DemoItem>, 
/**
 * An update compared with the certified `.mez` (BRK-31…36), when both are there.
 */
comparison: Comparison | null, 
/**
 * The icon Get Data shows beside the label (the 32 px one, else the largest
 * below it, else the smallest), as a `data:image/png;base64,…` URL.
 */
icon: PqIcon | null, };

export type PqIcon = { 
/**
 * Its entry name (`ContosoTasks32.png`).
 */
name: string, 
/**
 * Width and height in pixels.
 */
size: [number, number], 
/**
 * `data:image/png;base64,…`.
 */
dataUrl: string, };
