"""py and pyfail routes of the Main API: a Python handler with boto3 (as Lambda provides it),
module state that lasts while the environment is warm, and an exception for `pyfail`."""
import json

import boto3

calls = 0


def handler(event, context):
    global calls
    calls += 1
    if event["requestContext"]["routeKey"] == "pyfail":
        raise ValueError("python handler failed on purpose")
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
