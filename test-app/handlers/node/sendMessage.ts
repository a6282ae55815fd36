import { greeting } from "./shared/greeting";

export const main = async (event: { body?: string }) => ({
  statusCode: 200,
  body: greeting(JSON.parse(event.body ?? "{}").name ?? "world"),
});
