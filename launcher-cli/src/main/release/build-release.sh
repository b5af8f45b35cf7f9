#!/usr/bin/env bash
# Builds the release archives from the distribution the Maven build just laid out (target/devbox):
#   target/release/devbox-VERSION-linux-x64.tar.gz   the command: a jlink'd Java runtime (no JDK needed
#       to run it) with its class-data archive of the JDK's classes baked in, lib/ (the client's jars),
#       bin/devbox, bash and zsh completion, and man pages (share/man/man1, when the build made them). devbox's own classes are archived per installation, by
#       install.sh (an archive of application classes records their absolute paths: it cannot travel).
#   target/release/devbox-local-VERSION.tar.gz       lib/local: what `devbox local` and `devbox demo` add
# Run by `./mvnw package` (launcher-cli); skipped with one line where the JDK has no jlink.
#   build-release.sh DIST_DIR OUT_DIR VERSION [MAN_DIR]
# Other platforms: run the same on that platform's JDK 17+ (jlink builds a runtime for the JDK it
# comes from); the archive's name says the OS and CPU it was built on.
set -euo pipefail
dist=$(cd "$1" && pwd)
out=$2
version=$3
man=${4:-}
jdk_bin=$(dirname "$(readlink -f "$(command -v java)")")
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jlink" ]; then jdk_bin="$JAVA_HOME/bin"; fi
if [ ! -x "$jdk_bin/jlink" ] || [ ! -x "$jdk_bin/jdeps" ]; then
  echo "release: SKIPPED, this JDK has no jlink/jdeps ($jdk_bin): install a full JDK 17+ to build the archive"
  exit 0
fi
os=$(uname -s | tr '[:upper:]' '[:lower:]')
arch=$(uname -m)
case "$arch" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; esac
started=$(date +%s)

rm -rf "$out" && mkdir -p "$out"
stage="$out/devbox-$version"
mkdir -p "$stage/lib" "$stage/bin" "$stage/share/bash-completion/completions" "$stage/share/zsh/site-functions"
cp "$dist"/lib/*.jar "$stage/lib/"
cp "$dist/bin/devbox" "$stage/bin/devbox"
chmod 755 "$stage/bin/devbox"

# The modules: the client's (jdeps, with the SDK's optional ones: --ignore-missing-deps), Java SE
# whole for local mode's jars (DynamoDB Local, log4j, Jetty: their module graphs defeat jdeps), the
# loopback control plane's HTTP server, and the TLS and DNS providers no jar names but HTTPS uses.
client=$("$jdk_bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps \
  --class-path "$stage/lib/*" "$stage"/lib/*.jar | tail -n 1)
modules="$client,java.se,jdk.unsupported,jdk.httpserver,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.naming.dns,jdk.zipfs"
"$jdk_bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --generate-cds-archive --output "$stage/runtime"

# Completion, from picocli's own model of the commands: bash, and zsh through bashcompinit.
"$stage/runtime/bin/java" -cp "$stage/lib/*" dev.devbox.cli.Devbox completion \
  >"$stage/share/bash-completion/completions/devbox"
cat >"$stage/share/zsh/site-functions/_devbox" <<'EOF'
#compdef devbox
# zsh runs devbox's bash completion through bashcompinit.
autoload -U +X bashcompinit && bashcompinit
source "${0:A:h}/../../bash-completion/completions/devbox"
EOF

# Man pages, one per command, made from the same model by the build (picocli + asciidoctor).
man_pages=0
if [ -n "$man" ] && compgen -G "$man/*.1" >/dev/null; then
  mkdir -p "$stage/share/man/man1"
  for page in "$man"/*.1; do
    gzip -9 -n -c "$page" >"$stage/share/man/man1/$(basename "$page").gz"
    man_pages=$((man_pages + 1))
  done
else
  echo "release: no man pages in '${man:-(none given)}' (built without test classes?): the archive has none"
fi

name="devbox-$version-$os-$arch.tar.gz"
tar -C "$out" -czf "$out/$name" "devbox-$version"
local_stage="$out/local/devbox-$version/lib"
mkdir -p "$local_stage"
cp -r "$dist/lib/local" "$local_stage/local"
tar -C "$out/local" -czf "$out/devbox-local-$version.tar.gz" "devbox-$version"
rm -rf "$out/local"
echo "release: $out/$name ($(du -h "$out/$name" | cut -f1); runtime $(du -sh "$stage/runtime" | cut -f1)," \
  "lib $(du -sh "$stage/lib" | cut -f1), $man_pages man pages) and devbox-local-$version.tar.gz" \
  "($(du -h "$out/devbox-local-$version.tar.gz" | cut -f1)), built in $(( $(date +%s) - started )) s"
