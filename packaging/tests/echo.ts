// $default: answers every message with the message and the runtime that answered it.
export const main = async (event: { body?: string }) => ({ statusCode: 200, body: `node: ${event.body ?? ''}` });
