"""Stores {id, text} in the table, then reads back the item `read` names (another handler's)."""

import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, _context):
    message = json.loads(event["body"])
    table.put_item(Item={"id": message["id"], "text": message["text"]})
    got = table.get_item(Key={"id": message["read"]}).get("Item")
    body = {
        "region": table.meta.client.meta.region_name,
        "read": got["text"] if got else None,
        "tableArn": table.table_arn,
        "envArn": os.environ["TABLE_ARN"],
    }
    return {"statusCode": 200, "body": json.dumps(body)}
