//! TEMPORARY placeholder (being replaced by the kubectl-exact printer).
pub fn to_json(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}
