#!/usr/bin/env bash
# Publishes the release of the version tag this run is for (GITHUB_REF_NAME, e.g. v1.2.3): the
# GitHub release with its notes from CHANGELOG.md, then the major tag (v1) moved to the same commit
# so that `@v1` callers get it. Calls the REST API at GITHUB_API_URL with GITHUB_TOKEN.
#   release.sh notes <tag>   prints the CHANGELOG.md section of <tag> (fails when there is none)
#   release.sh publish       creates the release and moves the major tag
set -euo pipefail

# One ::error:: line; a value's %, CR and LF are escaped as the runner reads command data, so a
# value cannot end the line and start a workflow command of its own.
fail() {
  local message=${1//'%'/'%25'}
  message=${message//$'\r'/'%0D'}
  message=${message//$'\n'/'%0A'}
  echo "::error::$message"
  exit 1
}

# The lines under "## <version>" or "## [<version>]" (with or without the leading v) up to the next
# "## " heading, without the heading itself.
notes() {
  local version=${1#v}
  awk -v version="$version" '
    /^## / {
      heading = $0
      sub(/^## +\[?v?/, "", heading)
      if (found) exit
      if (index(heading, version) == 1 && substr(heading, length(version) + 1, 1) ~ /^([] ]|$)/) { found = 1; next }
    }
    found { print }
    END { if (!found) exit 1 }
  ' CHANGELOG.md
}

github() {
  curl -fsS -X "$1" -H "Authorization: Bearer $GITHUB_TOKEN" -H 'Accept: application/vnd.github+json' \
    -H 'X-GitHub-Api-Version: 2022-11-28' "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/$2" -d "$3"
}

publish() {
  local tag=$GITHUB_REF_NAME sha=$GITHUB_SHA body major prerelease=false
  [[ $tag =~ ^v([0-9]+)\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || fail "Tag \"$tag\": expected a version tag such as v1.2.3"
  major="v${BASH_REMATCH[1]}"
  [[ -n ${BASH_REMATCH[2]} ]] && prerelease=true
  body=$(notes "$tag") || fail "CHANGELOG.md has no \"## $tag\" section: write the release notes there first"
  github POST releases "$(jq -cn --arg tag "$tag" --arg sha "$sha" --arg body "$body" --argjson pre "$prerelease" \
    '{tag_name: $tag, target_commitish: $sha, name: $tag, body: $body, prerelease: $pre, make_latest: (if $pre then "false" else "true" end)}')" >/dev/null
  echo "Released $tag"
  if [[ $prerelease == true ]]; then
    echo "$tag is a pre-release: $major stays where it is"
    return
  fi
  # Move the major tag (force-update the ref), or create it for a new major version.
  if github PATCH "git/refs/tags/$major" "$(jq -cn --arg sha "$sha" '{sha: $sha, force: true}')" >/dev/null 2>&1; then
    echo "Moved $major to $sha"
  else
    github POST git/refs "$(jq -cn --arg ref "refs/tags/$major" --arg sha "$sha" '{ref: $ref, sha: $sha}')" >/dev/null
    echo "Created $major at $sha"
  fi
}

case ${1:-} in
  notes) notes "${2:?release.sh notes needs a tag}" ;;
  publish) publish ;;
  *) fail "release.sh needs notes or publish, not \"${1:-}\"" ;;
esac
