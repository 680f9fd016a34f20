//! TEMPORARY placeholder (being replaced by the go-yaml-exact printer).
pub fn to_yaml(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}
