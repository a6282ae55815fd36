// $default: answers every message with the message itself.
export const main = async (event: { body?: string }) => ({ statusCode: 200, body: event.body ?? "" });
