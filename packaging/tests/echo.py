"""$default: answers every message with the message and the runtime that answered it."""


def main(event, context):
    return {"statusCode": 200, "body": "python: " + (event.get("body") or "")}
