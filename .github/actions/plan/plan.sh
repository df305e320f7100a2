#!/usr/bin/env bash
# Checks the inputs of the reusable workflows before any job holds AWS credentials, resolves the
# commit to deploy once, and writes what later jobs need to GITHUB_OUTPUT. Every input arrives in
# an environment variable (never interpolated into this script). An error is one line naming the
# input, quoting its value and saying what was expected.
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

# Sets MINUTES to the whole minutes of a duration (90s, 10m, 1h30m, 500ms, or a bare number of
# seconds), rounded up; the same grammar as the actions' duration inputs. (Functions here set
# variables instead of printing, so that fail() exits the script, not a command substitution.)
minutes() {
  local name=$1 text=$2 result
  result=$(jq -rn --arg text "$text" '
    ($text | ascii_downcase | gsub("^\\s+|\\s+$"; "")) as $t
    | {"ms": 0.001, "s": 1, "m": 60, "h": 3600} as $unit
    | [$t | scan("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)")] as $parts
    | if ($t | test("^[0-9]+(\\.[0-9]+)?$")) then ($t | tonumber)
      elif ($parts | length) > 0 and ($parts | map(.[0] + .[1]) | join("")) == $t
      then ($parts | map((.[0] | tonumber) * $unit[.[1]]) | add)
      else empty end
    | (. / 60) | ceil')
  [[ -n $result ]] || fail "Input \"$name\" is \"$text\": expected a duration such as 90s, 10m or 1h30m"
  MINUTES=$result
}

github_get() {
  curl -sS -H "Authorization: Bearer $GITHUB_TOKEN" -H 'Accept: application/vnd.github+json' \
    -H 'X-GitHub-Api-Version: 2022-11-28' "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY$1"
}

# Sets COMMIT. A given ref must be a full SHA that the default branch contains: GitHub's compare
# of <default branch>...<sha> says "behind" (an ancestor) or "identical" (its head).
resolve_commit() {
  COMMIT=$GITHUB_SHA
  [[ -n ${REF:-} ]] || return 0
  [[ $REF =~ ^[0-9a-f]{40}$ ]] || fail "Input \"ref\" is \"$REF\": expected a full 40-character commit SHA on the default branch"
  local branch=${DEFAULT_BRANCH:-} status
  if [[ -z $branch ]]; then
    branch=$(github_get '' | jq -r '.default_branch // empty') || branch=''
    [[ -n $branch ]] || fail "Could not read the default branch of $GITHUB_REPOSITORY from $GITHUB_API_URL"
  fi
  status=$(github_get "/compare/$branch...$REF" | jq -r '.status // "not found"') || status='unanswered'
  [[ $status == behind || $status == identical ]] \
    || fail "Input \"ref\" is \"$REF\": expected a commit on the default branch $branch (GitHub compares it as: $status)"
  COMMIT=$REF
}

out() { echo "$1=$2" >>"$GITHUB_OUTPUT"; }

if [[ -n ${SERVICES:-} ]]; then
  jq -e 'type == "array" and length > 0 and all(type == "string" and test("^[A-Za-z0-9_-]{1,255}$"))' <<<"$SERVICES" >/dev/null 2>&1 \
    || fail "Input \"services\" is \"$SERVICES\": expected a JSON array of ECS service names, e.g. [\"api\", \"worker\"]"
  out migration-service "${MIGRATION_SERVICE:-$(jq -r '.[0]' <<<"$SERVICES")}"
fi
if grep -Eq '^[[:space:]]*SERVICE[[:space:]]*=' <<<"${VARS:-}"; then
  fail "Input \"vars\" sets SERVICE: expected no SERVICE line, the workflow sets it to each service's name"
fi
if [[ -n ${IMAGE:-} ]]; then
  [[ $IMAGE =~ ^[^/@[:space:]]+/[^@[:space:]]+@sha256:[0-9a-f]{64}$ ]] \
    || fail "Input \"image\" is \"$IMAGE\": expected an image by digest, <registry>/<repository>@sha256:<64 hex digits>"
fi
if [[ -n ${TASK_DEFINITION_ARN:-} ]]; then
  [[ $TASK_DEFINITION_ARN =~ ^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task-definition/)?[A-Za-z0-9_-]{1,255}:[0-9]+$ ]] \
    || fail "Input \"task-definition-arn\" is \"$TASK_DEFINITION_ARN\": expected a task definition ARN or family:revision"
fi
if [[ -n ${TEST_PARALLELISM:-} ]]; then
  if ! [[ $TEST_PARALLELISM =~ ^[0-9]+$ ]] || ((TEST_PARALLELISM < 1 || TEST_PARALLELISM > 64)); then
    fail "Input \"test-parallelism\" is \"$TEST_PARALLELISM\": expected a whole number from 1 to 64"
  fi
  out test-shards "$(jq -cn --argjson n "$TEST_PARALLELISM" '[range($n)]')"
fi
# Job timeouts follow the duration inputs, with ten minutes for the steps around the wait.
minutes timeout "${TIMEOUT:-30m}"
out deploy-minutes "$((MINUTES + 10))"
if [[ -n ${MIGRATION_TIMEOUT:-} ]]; then
  minutes migration-timeout "$MIGRATION_TIMEOUT"
  out migration-minutes "$((MINUTES + 10))"
fi
if [[ ${RESOLVE_COMMIT:-false} == true ]]; then
  resolve_commit
  out sha "$COMMIT"
  echo "Commit to deploy: $COMMIT"
fi
