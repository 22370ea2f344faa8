//! EXT — the `x-ms-*` extensions: dynamic values and schema, enums, paging, families, annotations (validator-rules.md §1.5, §1.6, §5).
//!
//! One bounded walk over the whole document ([`scan`]) finds every object that
//! carries an extension of interest, wherever it is written (a parameter, a schema
//! in `definitions`, a response); the checks that need only the written extension and
//! the operation it calls run on those ([`dynamic`], [`values`]). The checks that need
//! the operation a dynamic reference sits in (where a mapped value comes from) walk
//! each operation's parameters, body and response schemas with `$ref`s expanded, so
//! a definition shared by several operations is judged in each; repeated findings are
//! reported once. Families and revisions (`x-ms-api-annotation`) are in [`families`].
//!
//! Severities follow the corpus of merged connectors (validator-rules.md §0): what the
//! validator refuses and no connector merged since 2023 has is an error; what merged
//! connectors have is a warning, folded when it repeats.

use crate::rules::Sink;

use super::definition::Definition;
use super::{EXTENSIONS, SWR};

mod dynamic;
mod families;
mod scan;
pub(super) mod schema;
mod sources;
mod values;

#[cfg(test)]
mod tests;

rules! {
    EXT_01 {
        code: "EXT-01",
        severity: Error,
        scope: Connector,
        title: "Dynamic references, pickers and notifications call operations of the definition",
        explanation: "The `operationId` of an `x-ms-dynamic-values`, `x-ms-dynamic-schema`, `x-ms-dynamic-list` or \
            `x-ms-dynamic-properties`, of `x-ms-dynamic-tree.open`/`.browse`, of \
            `x-ms-capabilities.file-picker.open`/`.browse` and of `x-ms-notification` must be the `operationId` \
            of an operation of the same definition (compared with its case); a reference needs one unless it \
            names a `capability` or a `builtInOperation` instead. The validator refuses it \
            (OperationIdNotFound); none of the 1,164 references in connectors merged since 2023 breaks it. Fix \
            the name, or add the operation (usually `x-ms-visibility: internal`).",
        url: SWR,
        validator: ["OperationIdNotFound"],
    }
    EXT_02 {
        code: "EXT-02",
        severity: Error,
        scope: Connector,
        title: "A dynamic reference maps parameters of the operation it calls, and all its required ones",
        explanation: "Each key of a dynamic reference's `parameters` is a parameter of the called operation (its own \
            or its path item's); a key may also be a path into the called operation's body (`body/tableId`) or, \
            in `x-ms-dynamic-values`/`-schema`, a top-level property of that body, as merged connectors write \
            them. Every required parameter of the called operation that has no `default` (the body aside) must \
            be given, from a parameter or as a value. The validator refuses an unknown key \
            (OperationParameterNameNotFound) and a missing required one (OperationMissingRequiredProperty); no \
            connector merged since 2023 has either.",
        url: EXTENSIONS,
        validator: ["OperationParameterNameNotFound", "OperationMissingRequiredProperty"],
    }
    EXT_03 {
        code: "EXT-03",
        severity: Error,
        scope: Connector,
        title: "Mapped values fit the type of the parameter they feed, and required parameters are fed from required ones",
        explanation: "In a dynamic reference's `parameters`, a value taken from a parameter or property \
            (`{\"parameter\": …}`, `{\"parameterReference\": …}`) must have the same `type` as the called \
            operation's parameter (OperationParameterTypeMismatch), and a fixed value (`{\"value\": …}` or the \
            bare value) must be of that type: a number for `integer`, `true`/`false` for `boolean` \
            (OperationParameterStaticTypeMismatch). The validator refuses both and no connector merged since \
            2023 has one. A required parameter fed from an optional one may be called without a value \
            (OperationParameterRequiredMismatch); 8 connectors merged since 2023 do that, so it is a warning: \
            make the source required, or give the called parameter a `default`.",
        url: EXTENSIONS,
        validator: [
            "OperationParameterTypeMismatch",
            "OperationParameterStaticTypeMismatch",
            "OperationParameterRequiredMismatch",
        ],
    }
    EXT_04 {
        code: "EXT-04",
        severity: Error,
        scope: Connector,
        title: "Dynamic references take values from parameters the user sees",
        explanation: "A value mapped from `{\"parameter\": …}` or `{\"parameterReference\": …}` comes from what the \
            user fills in; a source that is `x-ms-visibility: internal` (or inside an internal body or object) \
            is never shown, so the list or schema cannot follow the user's choice. The validator refuses it \
            (SourcePropertyInternal); no connector merged since 2023 has one. Map from a visible parameter, or \
            give the called parameter a fixed `{\"value\": …}`.",
        url: EXTENSIONS,
        validator: ["SourcePropertyInternal"],
    }
    EXT_05 {
        code: "EXT-05",
        severity: Error,
        scope: Connector,
        title: "References to body properties, or to names that are ambiguous, use x-ms-dynamic-list or x-ms-dynamic-properties",
        explanation: "`{\"parameter\": p}` in `x-ms-dynamic-values` or `x-ms-dynamic-schema` names a parameter of the \
            operation. When `p` is a property of the body instead (or a dotted path into it), or is both a \
            parameter and a top-level body property, the node also needs the newer twin, `x-ms-dynamic-list` or \
            `x-ms-dynamic-properties`, whose `{\"parameterReference\": \"body/p\"}` says exactly where the value \
            is. The validator refuses these references without the twin \
            (OperationParameterNameIsAmbiguous, DynamicListExtensionRequiredFor…References, \
            DynamicPropertiesExtensionRequiredFor…References); every merged connector that maps from the body \
            has the twin. When the twin is there it is the one checked. A name that is neither a parameter nor \
            a body property of the operation is a warning: Alemba ITSM (merged 2021) shares a parameter whose \
            reference names a parameter only some of its operations have.",
        url: EXTENSIONS,
        validator: [
            "OperationParameterNameIsAmbiguous",
            "DynamicListExtensionRequiredForAmbiguousReferences",
            "DynamicListExtensionRequiredForNonParameterReferences",
            "DynamicPropertiesExtensionRequiredForAmbiguousReferences",
            "DynamicPropertiesExtensionRequiredForNonParameterReferences",
        ],
    }
    EXT_06 {
        code: "EXT-06",
        severity: Error,
        scope: Connector,
        title: "x-ms-dynamic-schema and x-ms-dynamic-properties agree on where the schema is",
        explanation: "An `x-ms-dynamic-schema` whose `value-path` ends in a `properties` segment needs an \
            `x-ms-dynamic-properties` beside it (DynamicPropertiesExtensionRequiredForPropertiesValuePath), and \
            that twin's `itemValuePath` is the same path without the final `properties` \
            (`schema/properties` → `schema`; `properties` → none) (DynamicPropertiesItemValuePathMismatch). \
            The validator refuses both; none of the 29 pairs in connectors merged since 2023 breaks it.",
        url: EXTENSIONS,
        validator: [
            "DynamicPropertiesExtensionRequiredForPropertiesValuePath",
            "DynamicPropertiesItemValuePathMismatch",
        ],
    }
    EXT_07 {
        code: "EXT-07",
        severity: Warning,
        scope: Connector,
        title: "The operation a dynamic list calls returns an array with the properties named",
        explanation: "For `x-ms-dynamic-values` (and `x-ms-dynamic-list`), the called operation's success response \
            (`$ref`s resolved, `allOf` merged) must hold an array at `value-collection` (`itemsPath`; the root \
            when absent) whose items have the `value-path` and `value-title` properties (`itemValuePath`, \
            `itemTitlePath`); for `x-ms-dynamic-schema` the response must have the `value-path`. Names are \
            matched ignoring case, as merged connectors pass that way, and a schema that does not list its \
            properties is taken on trust. The validator names both cases (InvokedOperationShouldProduceArray, \
            InvokedOperationShouldProduceProperty), but 5 connectors merged since 2023 have one or the other \
            (Tikit reads `value` from an object, Apptigent CloudTools lists from an object root), so it is a \
            warning: describe the response as the list or schema really comes back.",
        url: EXTENSIONS,
        validator: ["InvokedOperationShouldProduceArray", "InvokedOperationShouldProduceProperty"],
    }
    EXT_08 {
        code: "EXT-08",
        severity: Error,
        scope: Connector,
        title: "A body parameter's dynamic extensions are in its schema",
        explanation: "`x-ms-dynamic-values`, `-schema`, `-list`, `-properties` and `-tree` describe a value; on an \
            `in: body` parameter they belong in its `schema` (or on the property they fill), not on the parameter \
            object itself. The validator refuses it (DynamicExtensionDefinitionNotAllowedInParameter); no \
            connector merged since 2023 has one.",
        url: EXTENSIONS,
        validator: ["DynamicExtensionDefinitionNotAllowedInParameter"],
    }
    EXT_09 {
        code: "EXT-09",
        severity: Error,
        scope: Connector,
        title: "A file picker has x-ms-dynamic-tree, and selectedItemValuePath is only in its browse",
        explanation: "A parameter or property with a file picker (`x-ms-capabilities.file-picker`, or \
            `x-ms-dynamic-values` with `capability: file-picker`) also needs `x-ms-dynamic-tree`, which the \
            current designers use (DynamicTreeExtensionMissing); and `selectedItemValuePath`, the value of the \
            folder being opened, belongs only in the `parameters` of `x-ms-dynamic-tree.browse` \
            (SelectedItemValuePathNotAllowedInThisPosition). The validator refuses both; none of the 4 file \
            picker connectors merged since 2023 breaks it.",
        url: EXTENSIONS,
        validator: [
            "DynamicTreeExtensionMissing",
            "SelectedItemValuePathNotAllowedInThisPosition",
        ],
    }
    EXT_10 {
        code: "EXT-10",
        severity: Error,
        scope: Connector,
        title: "x-ms-enum-values entries have a displayName and a distinct value from the enum",
        explanation: "Each entry of `x-ms-enum-values` names one of the sibling `enum` values \
            (InvalidEnumValuesExtensionValue), no two name the same value (DuplicateEnumValuesInExtension), and \
            each has the `displayName` shown in the designer (MissingEnumValuesDisplayName). The validator \
            refuses each; none of the 16 connectors merged since 2023 that use it breaks it.",
        url: SWR,
        validator: [
            "InvalidEnumValuesExtensionValue",
            "DuplicateEnumValuesInExtension",
            "MissingEnumValuesDisplayName",
        ],
    }
    EXT_11 {
        code: "EXT-11",
        severity: Error,
        scope: Connector,
        title: "x-ms-pageable names nextLink or @odata.nextLink",
        explanation: "`x-ms-pageable.nextLinkName` must be `nextLink` or `@odata.nextLink`, the response property \
            the platform follows for the next page. The validator refuses any other name \
            (InvalidNextLinkNameValue); none of the connectors merged since 2023 that page breaks it. Rename \
            the property in a policy or in custom code if the service uses another.",
        url: EXTENSIONS,
        validator: ["InvalidNextLinkNameValue"],
    }
    EXT_12 {
        code: "EXT-12",
        severity: Error,
        scope: Connector,
        title: "An annotation replacement names an api and an operationId, on a deprecated operation",
        explanation: "`x-ms-api-annotation.replacement` tells users which operation replaces a deprecated one: set \
            it only on an operation with `deprecated: true` \
            (ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations), and give both its `api` \
            (ApiAnnotationExtensionReplacementInfoMissingApiProperty) and its `operationId` \
            (ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty). The validator refuses each; no \
            merged connector uses it.",
        url: SWR,
        validator: [
            "ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations",
            "ApiAnnotationExtensionReplacementInfoMissingApiProperty",
            "ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty",
        ],
    }
    EXT_13 {
        code: "EXT-13",
        severity: Error,
        scope: Connector,
        title: "Operation families have distinct revisions and at most two active operations",
        explanation: "Operations with the same `x-ms-api-annotation.family` are versions of one action: each has its \
            own `revision` (OperationFamilyHasDuplicateRevisions), at most one lacks it \
            (OperationFamilyHasManyEmptyRevisions), at most two are not `deprecated: true` \
            (OperationFamilyHasManyActiveOperations) and at most one of those has `status: Production` \
            (OperationFamilyHasManyActiveProductionOperations). The validator refuses these and no connector \
            merged since 2023 has one. Two lesser cases are warnings, as merged connectors have them: a family \
            member without `revision` (OperationRevisionEmpty; 1 connector), and an operation at revision N ≥ 2 \
            whose operationId does not end with `V`N (`_V2`), the suffix the validator expects \
            (OperationIdShouldEndWithRevision; the suffix form is inferred, 3 connectors).",
        url: SWR,
        validator: [
            "OperationFamilyHasDuplicateRevisions",
            "OperationFamilyHasManyActiveOperations",
            "OperationFamilyHasManyActiveProductionOperations",
            "OperationFamilyHasManyEmptyRevisions",
            "OperationRevisionEmpty",
            "OperationIdShouldEndWithRevision",
        ],
    }
    EXT_14 {
        code: "EXT-14",
        severity: Error,
        scope: Connector,
        title: "No operation is in Production while the connector is in Preview",
        explanation: "An operation's `x-ms-api-annotation.status: Production` cannot be ahead of the connector's own \
            status, `info.x-ms-api-annotation.status: Preview`. The validator refuses it \
            (OperationStatusAheadOfConnector); no connector merged since 2023 has one. Only the status written \
            in the definition is compared: Microsoft may hold the connector's status elsewhere.",
        url: SWR,
        validator: ["OperationStatusAheadOfConnector"],
    }
    EXT_15 {
        code: "EXT-15",
        severity: Error,
        scope: Connector,
        title: "x-ms-notification is on a polling trigger and names a webhook trigger",
        explanation: "`x-ms-notification` belongs on a trigger (`x-ms-trigger`) \
            (NotificationExtensionSupportedForTriggerOnly) that is not itself a webhook: no notification URL \
            property and no `x-ms-notification-content` (NotificationExtensionNotSupportedInWebhookOperation); \
            its `operationId` names the webhook trigger that subscribes (NotificationOperationMustBeWebhook). \
            The validator refuses each; no merged connector uses it.",
        url: SWR,
        validator: [
            "NotificationExtensionSupportedForTriggerOnly",
            "NotificationExtensionNotSupportedInWebhookOperation",
            "NotificationOperationMustBeWebhook",
        ],
    }
    EXT_16 {
        code: "EXT-16",
        severity: Error,
        scope: Connector,
        title: "x-ms-editor dictionary is on an open object",
        explanation: "`x-ms-editor: dictionary` shows key-value rows, so it fits a schema with `type: object` whose \
            `additionalProperties` are allowed (an object schema, `true`, or absent), not `false` and not \
            another type. The validator refuses it elsewhere (InvalidCustomEditorExtensionDictionaryValue); no \
            connector merged since 2023 has one.",
        url: SWR,
        validator: ["InvalidCustomEditorExtensionDictionaryValue"],
    }
    EXT_17 {
        code: "EXT-17",
        severity: Error,
        scope: Connector,
        title: "filterFunctions lists distinct known functions, in response schemas only",
        explanation: "`filterFunctions` says which filter functions a column of a response supports: it must not be \
            empty (FilterFunctionsPropertyEmpty), repeat a value (FilterFunctionsPropertyHasDuplicates) or \
            appear in a request schema (FilterFunctionsPropertyInInputSchema); the validator refuses each. A \
            value outside the list the validator allows (FilterFunctionsPropertyInvalidValue) is a warning, as \
            that list is not published; certpack knows the OData names (`eq`, `and`, `startswith`…). No merged \
            connector uses it.",
        url: SWR,
        validator: [
            "FilterFunctionsPropertyEmpty",
            "FilterFunctionsPropertyHasDuplicates",
            "FilterFunctionsPropertyInInputSchema",
            "FilterFunctionsPropertyInvalidValue",
        ],
    }
    EXT_18 {
        code: "EXT-18",
        severity: Info,
        scope: Connector,
        title: "A connector in Production is not backed by a service marked beta",
        explanation: "The validator refuses a connector whose status is Production while the service behind it is \
            marked beta (ProductionStatusOnBetaService). That state is held by Microsoft, not written in the \
            connector's files, so certpack cannot check it: ask your Microsoft contact if the service is in \
            beta, and submit as Preview until it is not.",
        url: SWR,
        validator: ["ProductionStatusOnBetaService"],
        offline: false,
    }
}

/// EXT on one definition.
pub fn check(sink: &mut Sink, def: &Definition<'_>) {
    let found = scan::scan(def.root);
    dynamic::check(sink, def, &found.dynamic);
    values::check(sink, def, &found);
    families::check(sink, def);
}
