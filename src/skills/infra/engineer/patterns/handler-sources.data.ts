// The placeholder function code the engineer packages for the patterns with a Lambda function: enough to
// deploy and answer, meant to be replaced by the application's own.

export const API_HANDLER_SOURCE = `# Placeholder handler written by devops infra engineer: replace it with the real API.
import json
import os


def handler(event, context):
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"ok": True, "table": os.environ.get("TABLE_NAME", "")}),
    }
`;

export const WORKER_HANDLER_SOURCE = `# Placeholder consumer written by devops infra engineer: replace it with the real job processing.
import json


def handler(event, context):
    failures = []
    for record in event.get("Records", []):
        try:
            json.loads(record["body"])
        except (KeyError, ValueError):
            failures.append({"itemIdentifier": record.get("messageId", "")})
    return {"batchItemFailures": failures}
`;
