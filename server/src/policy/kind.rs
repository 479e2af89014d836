//! Policy kinds. The same JSON grammar serves identity, resource-based, role trust, SCP and RCP
//! policies, but each allows different elements and has its own checks. A resource-based policy
//! may also say whose resource it is attached to (`resource:s3`): each service's policies accept
//! their own forms of `Resource` ([`super::resource_policy`]).

use super::Policy;
use super::resource_policy::{self, ServiceRules};
use crate::catalog::{self, glob_match_ci};
use std::borrow::Cow;

/// A principal type that a kind of policy does not accept ([`PolicyKind::principal_type_problem`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrincipalTypeProblem {
    /// `Federated` outside a role trust policy.
    FederatedOutsideTrust,
    /// `CanonicalUser` outside an S3 policy.
    CanonicalUserOutsideS3,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum PolicyKind {
    /// Attached to a user, group or role; also permissions boundaries and session policies.
    #[default]
    Identity,
    /// Attached to a resource (S3 bucket, SQS queue, KMS key, ...): needs a Principal. With the
    /// IAM prefix of the service that owns the resource (`s3`, `kms`), when it is known.
    Resource(Option<&'static str>),
    /// A role's trust policy: who may assume the role.
    Trust,
    /// An AWS Organizations service control policy.
    Scp,
    /// An AWS Organizations resource control policy.
    Rcp,
}

impl PolicyKind {
    pub const ALL: [PolicyKind; 5] = [
        PolicyKind::Identity,
        PolicyKind::Resource(None),
        PolicyKind::Trust,
        PolicyKind::Scp,
        PolicyKind::Rcp,
    ];

    /// Whether this is a resource-based policy (of any service).
    pub fn is_resource(self) -> bool {
        matches!(self, PolicyKind::Resource(_))
    }

    /// For a resource-based policy, the service whose resource it is attached to.
    pub fn service(self) -> Option<&'static str> {
        match self {
            PolicyKind::Resource(s) => s,
            _ => None,
        }
    }

    /// What the service documents about its resource-based policies, when it is known.
    pub fn service_rules(self) -> Option<&'static ServiceRules> {
        self.service().and_then(resource_policy::rules)
    }

    /// Why a principal of type `ty` (`AWS`, `Service`, `Federated`, `CanonicalUser`) cannot
    /// appear in this kind of policy, if it cannot. Two facts of the IAM reference decide: only
    /// role trust policies name identity providers (`Federated`), and only Amazon S3 names an
    /// account by its canonical user ID (`CanonicalUser`). A resource policy of no known service
    /// (a VPC endpoint policy) may name either.
    pub fn principal_type_problem(self, ty: &str) -> Option<PrincipalTypeProblem> {
        match self {
            PolicyKind::Trust => {
                (ty == "CanonicalUser").then_some(PrincipalTypeProblem::CanonicalUserOutsideS3)
            }
            PolicyKind::Resource(Some(service)) => {
                let extra =
                    resource_policy::rules(service).map_or(&[][..], |r| r.extra_principal_types);
                if extra.contains(&ty) {
                    return None;
                }
                match ty {
                    "Federated" => Some(PrincipalTypeProblem::FederatedOutsideTrust),
                    "CanonicalUser" => Some(PrincipalTypeProblem::CanonicalUserOutsideS3),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The same kind, attached to `service`'s resource when it is a resource-based policy that
    /// does not say whose resource it is.
    pub fn with_service(self, service: Option<&'static str>) -> PolicyKind {
        match (self, service) {
            (PolicyKind::Resource(None), Some(s)) if !s.is_empty() => PolicyKind::Resource(Some(s)),
            _ => self,
        }
    }

    /// The name used in configuration and on the command line (`resource:s3`).
    pub fn id(self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            PolicyKind::Identity => "identity",
            PolicyKind::Resource(Some(s)) => return Cow::Owned(format!("resource:{s}")),
            PolicyKind::Resource(None) => "resource",
            PolicyKind::Trust => "trust",
            PolicyKind::Scp => "scp",
            PolicyKind::Rcp => "rcp",
        })
    }

    /// The article of the label: "an" identity-based policy, "a" role trust policy.
    pub fn article(self) -> &'static str {
        match self {
            PolicyKind::Identity => "an",
            PolicyKind::Resource(Some(_)) => match self.service_rules() {
                Some(r) => r.article,
                None => "a",
            },
            _ => "a",
        }
    }

    /// The label with its article.
    pub fn a_label(self) -> String {
        format!("{} {}", self.article(), self.label())
    }

    /// The label with its article, to start a sentence: "An S3 bucket or access point policy".
    pub fn a_label_capitalized(self) -> String {
        capitalize(&self.a_label())
    }

    /// The label, to start a sentence: "Role trust policy".
    pub fn label_capitalized(self) -> String {
        capitalize(&self.label())
    }

    pub fn label(self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            PolicyKind::Identity => "identity-based policy",
            PolicyKind::Resource(Some(s)) => {
                return match resource_policy::rules(s) {
                    Some(r) => Cow::Borrowed(r.name),
                    None => Cow::Owned(format!(
                        "resource-based policy of {}",
                        catalog::service(s).map_or(s, |svc| svc.name)
                    )),
                };
            }
            PolicyKind::Resource(None) => "resource-based policy",
            PolicyKind::Trust => "role trust policy",
            PolicyKind::Scp => "service control policy (SCP)",
            PolicyKind::Rcp => "resource control policy (RCP)",
        })
    }

    /// Reads a policy type as configuration and the command line write it: `identity`,
    /// `resource`, `resource:SERVICE` (an IAM service prefix of the catalog), `trust`, `scp`,
    /// `rcp`, and a few synonyms.
    pub fn parse(text: &str) -> Option<PolicyKind> {
        let t = text.to_ascii_lowercase();
        if let Some((kind, service)) = t.split_once(':') {
            return match (PolicyKind::parse(kind)?, catalog::service(service.trim())) {
                (PolicyKind::Resource(None), Some(svc)) => {
                    Some(PolicyKind::Resource(Some(svc.prefix)))
                }
                _ => None,
            };
        }
        Some(match t.as_str() {
            "identity" | "identity-based" | "permissions-boundary" | "session" => {
                PolicyKind::Identity
            }
            "resource" | "resource-based" => PolicyKind::Resource(None),
            "trust" | "role-trust" | "assume-role" => PolicyKind::Trust,
            "scp" | "service-control" => PolicyKind::Scp,
            "rcp" | "resource-control" => PolicyKind::Rcp,
            _ => return None,
        })
    }
}

/// Why the server assumed a kind, for hovers and code lenses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KindReason {
    /// Configuration or a command-line flag said so.
    Configured(String),
    /// A statement has a Principal and its actions are `sts:AssumeRole*`.
    PrincipalWithAssumeRole,
    /// A statement has a Principal.
    Principal,
    /// A statement has a Principal, and every action and resource is of one service.
    PrincipalOneService(&'static str),
    /// No statement has a Principal.
    NoPrincipal,
}

impl KindReason {
    pub fn describe(&self) -> String {
        match self {
            KindReason::Configured(src) => format!("set by {src}"),
            KindReason::PrincipalWithAssumeRole => {
                "a statement names a Principal and allows sts:AssumeRole*".to_string()
            }
            KindReason::Principal => "a statement names a Principal".to_string(),
            KindReason::PrincipalOneService(s) => format!(
                "a statement names a Principal, and every action and resource is of {}",
                catalog::service(s).map_or(*s, |svc| svc.name)
            ),
            KindReason::NoPrincipal => "no statement names a Principal".to_string(),
        }
    }
}

/// Infers the kind from the content: a Principal with `sts:AssumeRole*` actions means a trust
/// policy, a Principal otherwise means a resource-based policy (of one service when every action
/// and resource says so: [`one_service`]), none means identity.
pub fn infer_kind(policy: &Policy) -> (PolicyKind, KindReason) {
    let mut principal = false;
    for s in &policy.statements {
        if s.principal_element().is_none() {
            continue;
        }
        principal = true;
        let actions = s.actions();
        if !actions.is_empty()
            && actions.iter().all(|a| {
                let v = a.value.as_str();
                glob_match_ci("sts:AssumeRole*", v)
                    || glob_match_ci("sts:TagSession", v)
                    || glob_match_ci("sts:SetSourceIdentity", v)
                    || glob_match_ci("sts:SetContext", v)
            })
            && actions
                .iter()
                .any(|a| glob_match_ci("sts:AssumeRole*", &a.value))
        {
            return (PolicyKind::Trust, KindReason::PrincipalWithAssumeRole);
        }
    }
    if principal {
        match one_service(policy) {
            Some(s) => (
                PolicyKind::Resource(Some(s)),
                KindReason::PrincipalOneService(s),
            ),
            None => (PolicyKind::Resource(None), KindReason::Principal),
        }
    } else {
        (PolicyKind::Identity, KindReason::NoPrincipal)
    }
}

/// The one service a resource-based policy can be attached to, when its content leaves no
/// doubt: every statement has `Action` (no `NotAction`) and no `NotResource`, every action names
/// the same catalog service (wildcards within it allowed), and every resource is an ARN of that
/// service (no `*`, no variable in the service). A policy with `"Resource": "*"` stays of no
/// service: a VPC endpoint policy reads like that.
pub fn one_service(policy: &Policy) -> Option<&'static str> {
    let mut found: Option<&'static str> = None;
    let mut agree = |prefix: &str| -> bool {
        let Some(svc) = catalog::service(prefix) else {
            return false;
        };
        match found {
            None => {
                found = Some(svc.prefix);
                true
            }
            Some(f) => f == svc.prefix,
        }
    };
    for s in &policy.statements {
        if s.not_action.is_some() || s.not_resource.is_some() {
            return None;
        }
        let actions = s.actions();
        if actions.is_empty() {
            return None;
        }
        for a in &actions {
            match a.value.split_once(':') {
                Some((prefix, _)) if !prefix.contains(['*', '?']) && agree(prefix) => {}
                _ => return None,
            }
        }
        for r in s.resources() {
            if let Some(service) = resource_policy::shorthand_service(&r.value) {
                if !agree(service) {
                    return None;
                }
                continue;
            }
            let mut parts = r.value.splitn(6, ':');
            let (Some("arn"), Some(_), Some(service)) = (parts.next(), parts.next(), parts.next())
            else {
                return None;
            };
            if service.contains(['*', '?', '$']) || !agree(service) {
                return None;
            }
        }
    }
    found
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
