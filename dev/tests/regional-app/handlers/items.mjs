// Stores {id, text} in the table, then reads back the item `read` names (another handler's).
import { DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";

const db = new DynamoDBClient({});
const TableName = process.env.TABLE_NAME;

export const handler = async (event) => {
  const { id, text, read } = JSON.parse(event.body);
  await db.send(new PutItemCommand({ TableName, Item: { id: { S: id }, text: { S: text } } }));
  const got = await db.send(new GetItemCommand({ TableName, Key: { id: { S: read } } }));
  const { Table } = await db.send(new DescribeTableCommand({ TableName }));
  const body = { region: await db.config.region(), read: got.Item?.text?.S ?? null, tableArn: Table.TableArn, envArn: process.env.TABLE_ARN };
  return { statusCode: 200, body: JSON.stringify(body) };
};
