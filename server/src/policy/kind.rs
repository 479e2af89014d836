//! Policy kinds. The same JSON grammar serves identity, resource-based, role trust, SCP and RCP
//! policies, but each allows different elements and has its own checks.

use super::Policy;
use crate::catalog::glob_match_ci;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum PolicyKind {
    /// Attached to a user, group or role; also permissions boundaries and session policies.
    #[default]
    Identity,
    /// Attached to a resource (S3 bucket, SQS queue, KMS key, ...): needs a Principal.
    Resource,
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
        PolicyKind::Resource,
        PolicyKind::Trust,
        PolicyKind::Scp,
        PolicyKind::Rcp,
    ];

    /// The name used in configuration and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity",
            PolicyKind::Resource => "resource",
            PolicyKind::Trust => "trust",
            PolicyKind::Scp => "scp",
            PolicyKind::Rcp => "rcp",
        }
    }

    /// The article of the label: "an" identity-based policy, "a" role trust policy.
    pub fn article(self) -> &'static str {
        if self == PolicyKind::Identity {
            "an"
        } else {
            "a"
        }
    }

    /// The label with its article.
    pub fn a_label(self) -> String {
        format!("{} {}", self.article(), self.label())
    }

    pub fn label(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity-based policy",
            PolicyKind::Resource => "resource-based policy",
            PolicyKind::Trust => "role trust policy",
            PolicyKind::Scp => "service control policy (SCP)",
            PolicyKind::Rcp => "resource control policy (RCP)",
        }
    }

    pub fn parse(text: &str) -> Option<PolicyKind> {
        let t = text.to_ascii_lowercase();
        Some(match t.as_str() {
            "identity" | "identity-based" | "permissions-boundary" | "session" => {
                PolicyKind::Identity
            }
            "resource" | "resource-based" => PolicyKind::Resource,
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
            KindReason::NoPrincipal => "no statement names a Principal".to_string(),
        }
    }
}

/// Infers the kind from the content: a Principal with `sts:AssumeRole*` actions means a trust
/// policy, a Principal otherwise means a resource-based policy, none means identity.
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
        (PolicyKind::Resource, KindReason::Principal)
    } else {
        (PolicyKind::Identity, KindReason::NoPrincipal)
    }
}
