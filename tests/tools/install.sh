#!/bin/sh
# Installs the outside tools the tests use as judges of what decisionaid exports:
#   Graphviz (`dot`) and Chromium (for mermaid-cli) from Debian's packages, when missing and
#   we are root (CI is); mermaid-cli, yaml-language-server and the FHIR R4 definitions from
#   npm into .tools/, exactly as tests/tools/package-lock.json pins them.
# Writes .tools/.installed only when every tool is there; without root or npm, the tests that
# need a missing tool are skipped and say which.
set -eu
cd "$(dirname "$0")/../.."
missing=""
command -v dot >/dev/null 2>&1 || missing="$missing graphviz"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
        missing=""
    else
        echo "make tools: not root, so these Debian packages stay missing:$missing" >&2
    fi
fi
if command -v npm >/dev/null 2>&1 &&
    ! cmp -s tests/tools/package-lock.json .tools/package-lock.json; then
    rm -rf .tools/node_modules
    mkdir -p .tools
    cp tests/tools/package.json tests/tools/package-lock.json .tools/
    # mermaid-cli drives Debian's Chromium (tests/tools/puppeteer.json): no browser download
    (cd .tools && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
if [ -z "$missing" ]; then
    touch .tools/.installed
fi
