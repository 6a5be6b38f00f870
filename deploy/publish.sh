#!/usr/bin/env bash
# Publishes the server the way deploy/Dockerfile lays it out in the image, without Docker:
#
#   deploy/publish.sh OUT [extra dotnet publish arguments, e.g. --no-restore]
#   CONFIGURATION=Debug deploy/publish.sh OUT --no-build     # reuse a Debug build (the packaging test does)
#
# OUT/app/  the framework-dependent AccessBroker.Api (start: cd OUT/app && dotnet AccessBroker.Api.dll), its
#           appsettings.json (no appsettings.Development.json: its demo users never ship) and policies/ (the
#           example policy set, the image's default Policies:Directory).
# abctl, test assemblies and the sources are not part of it; tests/AccessBroker.Packaging.Tests checks that.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: deploy/publish.sh OUT [dotnet publish arguments]" >&2
  exit 2
fi
out=$1
shift
root="$(cd "$(dirname "$0")/.." && pwd)"
configuration=${CONFIGURATION:-Release}

rm -rf "$out/app"
mkdir -p "$out"
dotnet publish "$root/src/AccessBroker.Api/AccessBroker.Api.csproj" -c "$configuration" -o "$out/app" \
  -p:UseAppHost=false -p:PublishDocumentationFiles=false -p:IsTransformWebConfigDisabled=true --nologo "$@"
mkdir -p "$out/app/policies"
cp "$root"/policies/*.yaml "$out/app/policies/"
echo "published to $out/app"
