//! The IAM policy grammar's vocabulary: element names, policy versions, principal kinds and
//! condition operators, each with the one-line documentation that completion and hover show.

/// A policy element, with where it may appear and what it means.
#[derive(Debug)]
pub struct ElementInfo {
    pub name: &'static str,
    pub doc: &'static str,
    /// A snippet for the element's value (LSP snippet syntax), inserted after `"Name": `.
    pub value_snippet: &'static str,
}

pub const TOP_LEVEL_ELEMENTS: &[ElementInfo] = &[
    ElementInfo {
        name: "Version",
        doc: "The policy language version. Always use `2012-10-17`: the older `2008-10-17` does not support policy variables.",
        value_snippet: "\"${1|2012-10-17,2008-10-17|}\"",
    },
    ElementInfo {
        name: "Id",
        doc: "An optional identifier for the policy (some services, such as SQS and SNS, use it).",
        value_snippet: "\"$1\"",
    },
    ElementInfo {
        name: "Statement",
        doc: "The policy's statements: a single statement object or an array of them.",
        value_snippet: "[\n\t{\n\t\t\"Effect\": \"${1|Allow,Deny|}\",\n\t\t\"Action\": \"$2\",\n\t\t\"Resource\": \"${3:*}\"\n\t}\n]",
    },
];

pub const STATEMENT_ELEMENTS: &[ElementInfo] = &[
    ElementInfo {
        name: "Sid",
        doc: "An optional statement identifier. Letters and digits only in identity policies; unique within the policy.",
        value_snippet: "\"$1\"",
    },
    ElementInfo {
        name: "Effect",
        doc: "Whether the statement allows or denies access: `Allow` or `Deny`. Required.",
        value_snippet: "\"${1|Allow,Deny|}\"",
    },
    ElementInfo {
        name: "Principal",
        doc: "The account, user, role, service or federated user that the statement applies to. Required in resource-based and trust policies; not allowed in identity policies.",
        value_snippet: "{\n\t\"${1|AWS,Service,Federated,CanonicalUser|}\": \"$2\"\n}",
    },
    ElementInfo {
        name: "NotPrincipal",
        doc: "Every principal except the ones listed. Only in resource-based policies, only with `Deny`; AWS recommends conditions on `aws:PrincipalArn` instead.",
        value_snippet: "{\n\t\"${1|AWS,Service,Federated,CanonicalUser|}\": \"$2\"\n}",
    },
    ElementInfo {
        name: "Action",
        doc: "The actions the statement allows or denies, as `service:Action` (wildcards `*` and `?` allowed).",
        value_snippet: "[\n\t\"$1\"\n]",
    },
    ElementInfo {
        name: "NotAction",
        doc: "Every action except the ones listed. With `Allow` it grants a great deal: prefer `Action`.",
        value_snippet: "[\n\t\"$1\"\n]",
    },
    ElementInfo {
        name: "Resource",
        doc: "The resources the statement covers, as ARNs (wildcards and policy variables allowed), or `*`.",
        value_snippet: "[\n\t\"$1\"\n]",
    },
    ElementInfo {
        name: "NotResource",
        doc: "Every resource except the ones listed. With `Allow` it grants access to every other resource, including future ones.",
        value_snippet: "[\n\t\"$1\"\n]",
    },
    ElementInfo {
        name: "Condition",
        doc: "Conditions under which the statement applies: `{ \"Operator\": { \"key\": value } }`.",
        value_snippet: "{\n\t\"${1:StringEquals}\": {\n\t\t\"$2\": \"$3\"\n\t}\n}",
    },
];

/// Policy language versions.
pub const VERSIONS: &[(&str, &str)] = &[
    (
        "2012-10-17",
        "The current policy language version. Supports policy variables such as `${aws:username}`.",
    ),
    (
        "2008-10-17",
        "An earlier version that does not support policy variables. Use 2012-10-17.",
    ),
];

/// Keys of a `Principal` object.
pub const PRINCIPAL_KINDS: &[(&str, &str)] = &[
    (
        "AWS",
        "An AWS account (`123456789012` or `arn:aws:iam::123456789012:root`), IAM user, IAM role, assumed-role session, or `*`.",
    ),
    (
        "Service",
        "An AWS service principal, such as `lambda.amazonaws.com`.",
    ),
    (
        "Federated",
        "A web identity (OIDC) or SAML identity provider, such as `cognito-identity.amazonaws.com` or `arn:aws:iam::123456789012:saml-provider/Name`.",
    ),
    (
        "CanonicalUser",
        "An Amazon S3 canonical user ID (a 64-character hex string).",
    ),
];

/// Looks up an element by exact name at the top level or in a statement.
pub fn element_info(name: &str) -> Option<&'static ElementInfo> {
    TOP_LEVEL_ELEMENTS
        .iter()
        .chain(STATEMENT_ELEMENTS)
        .find(|e| e.name == name)
}

/// The kind of values an operator compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperatorFamily {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    IpAddress,
    Arn,
    Null,
}

impl OperatorFamily {
    pub fn name(self) -> &'static str {
        match self {
            OperatorFamily::String => "string",
            OperatorFamily::Numeric => "numeric",
            OperatorFamily::Date => "date",
            OperatorFamily::Bool => "Boolean",
            OperatorFamily::Binary => "binary",
            OperatorFamily::IpAddress => "IP address",
            OperatorFamily::Arn => "ARN",
            OperatorFamily::Null => "null check",
        }
    }
}

/// A base condition operator (without `IfExists` and set qualifiers).
#[derive(Debug)]
pub struct BaseOperator {
    pub name: &'static str,
    pub family: OperatorFamily,
    /// Whether `*` and `?` are wildcards in its values.
    pub wildcards: bool,
    /// Whether it is a negated operator (`StringNotEquals`, `NotIpAddress`, ...).
    pub negated: bool,
    pub doc: &'static str,
}

macro_rules! ops {
    ($($name:literal, $family:ident, $wild:literal, $neg:literal, $doc:literal;)*) => {
        /// Every base condition operator.
        pub const CONDITION_OPERATORS: &[BaseOperator] = &[
            $(BaseOperator { name: $name, family: OperatorFamily::$family, wildcards: $wild, negated: $neg, doc: $doc },)*
        ];
    };
}

ops! {
    "StringEquals", String, false, false, "Exact match, case-sensitive.";
    "StringNotEquals", String, false, true, "Negated exact match, case-sensitive.";
    "StringEqualsIgnoreCase", String, false, false, "Exact match, ignoring case.";
    "StringNotEqualsIgnoreCase", String, false, true, "Negated exact match, ignoring case.";
    "StringLike", String, true, false, "Case-sensitive match with `*` and `?` wildcards.";
    "StringNotLike", String, true, true, "Negated case-sensitive match with `*` and `?` wildcards.";
    "NumericEquals", Numeric, false, false, "Number equal to the value.";
    "NumericNotEquals", Numeric, false, true, "Number not equal to the value.";
    "NumericLessThan", Numeric, false, false, "Number less than the value.";
    "NumericLessThanEquals", Numeric, false, false, "Number less than or equal to the value.";
    "NumericGreaterThan", Numeric, false, false, "Number greater than the value.";
    "NumericGreaterThanEquals", Numeric, false, false, "Number greater than or equal to the value.";
    "DateEquals", Date, false, false, "Date equal to the value (ISO 8601 or epoch seconds).";
    "DateNotEquals", Date, false, true, "Date not equal to the value.";
    "DateLessThan", Date, false, false, "Date before the value.";
    "DateLessThanEquals", Date, false, false, "Date at or before the value.";
    "DateGreaterThan", Date, false, false, "Date after the value.";
    "DateGreaterThanEquals", Date, false, false, "Date at or after the value.";
    "Bool", Bool, false, false, "Boolean match: `true` or `false`.";
    "BinaryEquals", Binary, false, false, "Byte-for-byte match of a base64-encoded value.";
    "IpAddress", IpAddress, false, false, "The IP address is in one of the given CIDR ranges.";
    "NotIpAddress", IpAddress, false, true, "The IP address is in none of the given CIDR ranges.";
    "ArnEquals", Arn, true, false, "ARN match, part by part; `*` and `?` are wildcards (same as ArnLike).";
    "ArnLike", Arn, true, false, "ARN match, part by part, with `*` and `?` wildcards.";
    "ArnNotEquals", Arn, true, true, "Negated ARN match.";
    "ArnNotLike", Arn, true, true, "Negated ARN match with wildcards.";
    "Null", Null, false, false, "`true`: the key is absent from the request; `false`: it is present.";
}

/// `ForAllValues:` / `ForAnyValue:` for multivalued keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetQualifier {
    ForAllValues,
    ForAnyValue,
}

impl SetQualifier {
    pub fn name(self) -> &'static str {
        match self {
            SetQualifier::ForAllValues => "ForAllValues",
            SetQualifier::ForAnyValue => "ForAnyValue",
        }
    }
}

/// A parsed condition operator such as `ForAnyValue:StringLikeIfExists`.
#[derive(Clone, Copy, Debug)]
pub struct ConditionOperator {
    pub qualifier: Option<SetQualifier>,
    pub base: &'static BaseOperator,
    pub if_exists: bool,
}

/// Parses an operator name exactly as IAM does (operator names are case-sensitive in IAM; a
/// case-insensitive fallback is left to the caller's "did you mean").
pub fn parse_operator(name: &str) -> Option<ConditionOperator> {
    let (qualifier, rest) = if let Some(rest) = name.strip_prefix("ForAllValues:") {
        (Some(SetQualifier::ForAllValues), rest)
    } else if let Some(rest) = name.strip_prefix("ForAnyValue:") {
        (Some(SetQualifier::ForAnyValue), rest)
    } else {
        (None, name)
    };
    let (base_name, if_exists) = match rest.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (rest, false),
    };
    let base = CONDITION_OPERATORS.iter().find(|o| o.name == base_name)?;
    if if_exists && base.family == OperatorFamily::Null {
        return None;
    }
    Some(ConditionOperator {
        qualifier,
        base,
        if_exists,
    })
}

impl ConditionOperator {
    pub fn family(&self) -> OperatorFamily {
        self.base.family
    }
}
