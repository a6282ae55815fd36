"""Handlers of the rooms example: messages are stored by room and time in the bound table."""
import json
import os
import time

import boto3

TABLE = os.environ.get("SST_Table_tableName_messages", "")


def connect(event, context):
    return {"statusCode": 200}


def default(event, context):
    return {"statusCode": 400, "body": json.dumps({"error": "send {\"type\": \"post\", ...}"})}


def post(event, context):
    body = json.loads(event.get("body") or "{}")
    boto3.resource("dynamodb").Table(TABLE).put_item(
        Item={"room": body.get("room", "lobby"), "sentAt": int(time.time() * 1000), "text": body.get("text", "")}
    )
    return {"statusCode": 200, "body": json.dumps({"stored": True})}
