// $connect: the query decides the outcome (status=N answers N, throw=1 throws).
exports.handler = async (event) => {
  const q = event.queryStringParameters || {};
  if (q.throw) throw new Error("connect refused by handler");
  return { statusCode: Number(q.status || 200) };
};
