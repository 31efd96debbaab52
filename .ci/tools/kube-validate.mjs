// Validates rendered Kubernetes manifests (kubectl kustomize output, several YAML documents) against the
// Kubernetes 1.27 OpenAPI schemas that the kubernetes-models package ships: no API server is needed.
//   node .ci/tools/kube-validate.mjs FILE...      exit 0: every document valid; 1: a problem (printed); 2: usage
// A kind the package has no schema for (a CRD such as ServiceMonitor) is reported and fails: it was not checked.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: kube-validate.mjs FILE...");
  process.exit(2);
}

let problems = 0;
let checked = 0;
for (const file of files) {
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (document.errors.length > 0) {
      console.log(`${file}: YAML: ${document.errors[0].message}`);
      problems++;
      continue;
    }
    const resource = document.toJS();
    if (resource === null) continue;
    const where = `${file}: ${resource.kind}/${resource.metadata?.name}`;
    const [group, version] = resource.apiVersion?.includes("/") ? resource.apiVersion.split("/") : ["", resource.apiVersion];
    let model;
    try {
      const module = await import(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`);
      model = module[resource.kind];
    } catch {
      model = undefined;
    }
    if (model === undefined) {
      console.log(`${where}: no schema for ${resource.apiVersion} ${resource.kind}`);
      problems++;
      continue;
    }
    try {
      new model(resource).validate();
      checked++;
    } catch (error) {
      console.log(`${where}: ${error.message}`);
      problems++;
    }
  }
}
console.log(`kube-validate: ${checked} resource(s) valid, ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
