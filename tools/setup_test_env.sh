#!/usr/bin/env bash
# The Debian packages the test suite needs (PostgreSQL, Redis, Chromium, LibreOffice, poppler, fonts).
# Idempotent: prints one line and installs nothing when they are all there; `apt-get update` only when it installs.
set -euo pipefail

# PostgreSQL for tests/pg.py, Chromium for the browser tests (with its recommended fonts).
WITH_RECOMMENDS=(postgresql chromium)
# LibreOffice and poppler for tests/unit/test_doc_pdf.py; Liberation fonts stand in for Times New Roman;
# libengine-gost-openssl: the GOST engine for openssl (tests/api/test_signatures.py);
# redis-server for the worker's production path (tests/integration/test_worker_redis.py);
# slapd and ldap-utils (slapadd) for login with the office directory (tests/ldap_server.py).
WITHOUT_RECOMMENDS=(libreoffice-writer-nogui fonts-liberation2 poppler-utils libengine-gost-openssl redis-server
    slapd ldap-utils)

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing_of() {
    local pkg
    for pkg in "$@"; do
        installed "$pkg" || printf '%s\n' "$pkg"
    done
}

mapfile -t missing_plain < <(missing_of "${WITH_RECOMMENDS[@]}")
mapfile -t missing_bare < <(missing_of "${WITHOUT_RECOMMENDS[@]}")

if [ ${#missing_plain[@]} -eq 0 ] && [ ${#missing_bare[@]} -eq 0 ]; then
    echo "setup: the test packages are installed"
    exit 0
fi

echo "setup: installing ${missing_plain[*]} ${missing_bare[*]}"
if ! command -v apt-get >/dev/null; then
    echo "setup: apt-get not found; install these packages by hand" >&2
    exit 1
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then
        SUDO=(sudo)
    else
        echo "setup: root is needed to install them (run as root or with sudo)" >&2
        exit 1
    fi
fi
APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 -y -qq)
"${APT[@]}" update
if [ ${#missing_plain[@]} -gt 0 ]; then
    "${APT[@]}" install "${missing_plain[@]}" >/dev/null
fi
if [ ${#missing_bare[@]} -gt 0 ]; then
    "${APT[@]}" install --no-install-recommends "${missing_bare[@]}" >/dev/null
fi
echo "setup: done"
