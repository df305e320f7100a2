#!/usr/bin/env bash
# Checks that IMAGE (host/repository@sha256:digest) exists in its registry, with the credentials
# ecr-login wrote to the job's Docker config, by asking the registry for its manifest (HEAD
# /v2/<repository>/manifests/<digest>). Writes image-uri= to GITHUB_OUTPUT.
set -euo pipefail

# One ::error:: line; a value's %, CR and LF are escaped as the runner reads command data.
fail() {
  local message=${1//'%'/'%25'}
  message=${message//$'\r'/'%0D'}
  message=${message//$'\n'/'%0A'}
  echo "::error::$message"
  exit 1
}

[[ $IMAGE =~ ^([^/@[:space:]]+)/([^@[:space:]]+)@(sha256:[0-9a-f]{64})$ ]] \
  || fail "Input \"image\" is \"$IMAGE\": expected an image by digest, <registry>/<repository>@sha256:<64 hex digits>"
host=${BASH_REMATCH[1]}
repository=${BASH_REMATCH[2]}
digest=${BASH_REMATCH[3]}
[[ -z ${REPOSITORY:-} || $repository == "$REPOSITORY" || $repository == */"$REPOSITORY" ]] \
  || fail "Input \"image\" is \"$IMAGE\": expected an image of the repository $REPOSITORY"

config="${DOCKER_CONFIG:-$HOME/.docker}/config.json"
auth=$(jq -r --arg host "$host" '.auths[$host].auth // empty' "$config" 2>/dev/null) || auth=''
[[ -n $auth ]] || fail "Input \"image\" is \"$IMAGE\": expected an image in a registry ecr-login logged in to ($host is not)"

accept='application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json'
status=$(curl -sS -o /dev/null -w '%{http_code}' -I -H "Authorization: Basic $auth" -H "Accept: $accept" \
  "https://$host/v2/$repository/manifests/$digest") || status='no answer'
[[ $status == 200 ]] || fail "Input \"image\" is \"$IMAGE\": expected an image that exists in $host/$repository (the registry answers $status)"
echo "image-uri=$IMAGE" >>"$GITHUB_OUTPUT"
echo "Deploying the existing image $IMAGE"
