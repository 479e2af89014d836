//! What each service accepts in its resource-based policies, as its documentation says. IAM's
//! grammar is the same for every service, but the service that stores the policy decides what
//! `Resource` may say: an S3 bucket policy must name the bucket's ARNs, a KMS key policy names
//! "this key" as `"*"`, an ECR repository policy needs no `Resource` at all, an API Gateway
//! policy may write `execute-api:/stage/GET/path` for its own API.
//!
//! Services that are not listed get the general rules of resource-based policies (`Resource`
//! required, `"*"` or ARNs). A row is added only with its documentation page: this table is
//! knowledge, like a rule, not data to be guessed.

/// What a service's resource-based policies accept in `Resource`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourceRule {
    /// Required, and must name the service's own resources: `"*"` is rejected (S3).
    OwnArns,
    /// Required, and `"*"`: it means the resource the policy is attached to (KMS key policies).
    Star,
    /// Not needed: the policy applies to the resource it is set on (ECR repository policies).
    Optional,
    /// Required, `"*"` or ARNs: the general rule, for a service with other rules of its own.
    Any,
}

/// One service's rules for its resource-based policies.
#[derive(Debug)]
pub struct ServiceRules {
    /// The IAM service prefix.
    pub service: &'static str,
    /// What the policy is called, for messages ("S3 bucket policy").
    pub name: &'static str,
    /// The article of `name`.
    pub article: &'static str,
    pub resource: ResourceRule,
    /// A short form of the service's own resources that only its resource-based policies accept
    /// (`execute-api:/` for the API the policy is attached to).
    pub shorthand: Option<&'static str>,
    /// Its policies name resources of other services: an AWS Backup vault's recovery points
    /// are EBS snapshots, RDS snapshots, ... (`arn:aws:ec2:REGION::snapshot/*`).
    pub foreign_resources: bool,
    /// Principal types its policies accept beyond `AWS` and `Service` (S3's `CanonicalUser`).
    pub extra_principal_types: &'static [&'static str],
    /// The documentation page the rules come from.
    pub doc: &'static str,
}

static RULES: &[ServiceRules] = &[
    ServiceRules {
        service: "s3",
        name: "S3 bucket or access point policy",
        article: "an",
        resource: ResourceRule::OwnArns,
        shorthand: None,
        foreign_resources: false,
        extra_principal_types: &["CanonicalUser"],
        doc: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html",
    },
    ServiceRules {
        service: "kms",
        name: "KMS key policy",
        article: "a",
        resource: ResourceRule::Star,
        shorthand: None,
        foreign_resources: false,
        extra_principal_types: &[],
        doc: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html",
    },
    ServiceRules {
        service: "ecr",
        name: "ECR repository or registry policy",
        article: "an",
        resource: ResourceRule::Optional,
        shorthand: None,
        foreign_resources: false,
        extra_principal_types: &[],
        doc: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html",
    },
    ServiceRules {
        service: "ecr-public",
        name: "ECR Public repository policy",
        article: "an",
        resource: ResourceRule::Optional,
        shorthand: None,
        foreign_resources: false,
        extra_principal_types: &[],
        doc: "https://docs.aws.amazon.com/AmazonECR/latest/public/public-repository-policy-examples.html",
    },
    ServiceRules {
        service: "execute-api",
        name: "API Gateway resource policy",
        article: "an",
        resource: ResourceRule::Any,
        shorthand: Some("execute-api:/"),
        foreign_resources: false,
        extra_principal_types: &[],
        doc: "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html",
    },
    ServiceRules {
        service: "backup",
        name: "AWS Backup vault access policy",
        article: "an",
        resource: ResourceRule::Any,
        shorthand: None,
        foreign_resources: true,
        extra_principal_types: &[],
        doc: "https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html",
    },
];

/// The rules of `service`'s resource-based policies, when it documents its own.
pub fn rules(service: &str) -> Option<&'static ServiceRules> {
    RULES
        .iter()
        .find(|r| r.service.eq_ignore_ascii_case(service))
}

/// The service whose resource-policy shorthand `value` is written in (`execute-api:/*` is
/// API Gateway's), if any.
pub fn shorthand_service(value: &str) -> Option<&'static str> {
    RULES
        .iter()
        .find(|r| r.shorthand.is_some_and(|p| value.starts_with(p)))
        .map(|r| r.service)
}
