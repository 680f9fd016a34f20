use sim::api::decode::{decode, parse_documents};
use sim::{Cluster, Kind, Time};

#[test]
fn deployment_reaches_running() {
    let mut c = Cluster::new(1);
    let docs = parse_documents("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: sleep-1\nspec:\n  selector:\n    matchLabels:\n      app: sleep-1\n  template:\n    metadata:\n      labels:\n        app: sleep-1\n    spec:\n      containers:\n        - name: sleep\n          image: kiamol/ch03-sleep\n").unwrap();
    let mut obj = decode(Kind::Deployment, docs[0].value.clone()).unwrap();
    obj.meta_mut().namespace = "default".into();
    c.create(obj).unwrap();
    c.settle();
    for (k, p) in &c.store.pods {
        println!("{k} {} {} {}", p.status.phase, p.spec.node_name, p.status.pod_ip);
    }
    c.advance_to(c.now.plus_secs(10));
    for (k, p) in &c.store.pods {
        println!("{k} {} {} {} ready={}", p.status.phase, p.spec.node_name, p.status.pod_ip, p.is_ready());
    }
    for (k, d) in &c.store.deployments {
        println!("{k} {:?}", d.status);
    }
    for (k, e) in &c.store.endpoints {
        println!("{k} {:?}", e.subsets.iter().map(|s| s.addresses.iter().map(|a| a.ip.clone()).collect::<Vec<_>>()).collect::<Vec<_>>());
    }
    let _ = Time::ZERO;
    assert!(c.store.pods.values().filter(|p| p.metadata.namespace == "default").all(|p| p.is_ready()));
}
