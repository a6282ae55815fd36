"""py and pyfail routes of the Main API: a Python handler with boto3 (as Lambda provides it),
module state that lasts while the environment is warm, an exception for `pyfail`, and for
`pyhuge` an answer over Lambda's 6 MB."""
import json

import boto3

calls = 0


def handler(event, context):
    global calls
    calls += 1
    if event["requestContext"]["routeKey"] == "pyfail":
        raise ValueError("python handler failed on purpose")
    if event["requestContext"]["routeKey"] == "pyhuge":
        return {"statusCode": 200, "body": "z" * (10 * 1024 * 1024)}
    return {
        "statusCode": 200,
        "body": json.dumps({
            "calls": calls,
            "routeKey": event["requestContext"]["routeKey"],
            "authorizer": event["requestContext"].get("authorizer"),
            "boto3": boto3.__version__,
            "remaining": context.get_remaining_time_in_millis() > 0,
        }),
    }
