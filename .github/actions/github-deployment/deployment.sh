#!/usr/bin/env bash
# Records a GitHub Deployment of one service through the REST API at GITHUB_API_URL (set by the
# runner; GitHub Enterprise Server or a test stand-in answers there too).
#   deployment.sh start   creates the deployment, sets it in_progress, writes id= to GITHUB_OUTPUT
#   deployment.sh finish  sets DEPLOYMENT_ID to success (JOB_STATUS=success) or failure
# Every value arrives in an environment variable, never interpolated into this script.
set -euo pipefail

# POST a JSON body to /repos/<this repository>/<path>; fails on an HTTP error.
github_post() {
  curl -fsS -X POST \
    -H "Authorization: Bearer $GITHUB_TOKEN" \
    -H 'Accept: application/vnd.github+json' \
    -H 'X-GitHub-Api-Version: 2022-11-28' \
    "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/$1" -d "$2"
}

# The body of a deployment status: state, description, this run's log URL, the environment URL.
status_body() {
  jq -cn --arg state "$1" --arg description "${2:0:140}" --arg url "${ENVIRONMENT_URL:-}" \
    --arg log "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID" \
    '{state: $state, log_url: $log, auto_inactive: false}
      + (if $description != "" then {description: $description} else {} end)
      + (if $url != "" then {environment_url: $url} else {} end)'
}

case ${1:-} in
  start)
    body=$(jq -cn --arg ref "$SHA" --arg environment "$ENVIRONMENT" --arg service "$SERVICE" \
      '{ref: $ref, environment: $environment, task: "deploy:\($service)", auto_merge: false,
        required_contexts: [], payload: {service: $service}, description: "ecs-ship deploys \($service)"}')
    id=$(github_post deployments "$body" | jq -r '.id')
    github_post "deployments/$id/statuses" "$(status_body in_progress '')" >/dev/null
    echo "id=$id" >>"$GITHUB_OUTPUT"
    echo "GitHub Deployment $id of $SERVICE to $ENVIRONMENT: in_progress"
    ;;
  finish)
    state=failure
    if [[ ${JOB_STATUS:-} == success ]]; then state=success; fi
    github_post "deployments/$DEPLOYMENT_ID/statuses" "$(status_body "$state" "${DESCRIPTION:-}")" >/dev/null
    echo "GitHub Deployment $DEPLOYMENT_ID: $state"
    ;;
  *)
    echo "::error::deployment.sh needs start or finish, not \"${1:-}\""
    exit 1
    ;;
esac
