// $connect: runs once the authorizer (REQUEST on Secure, AWS_IAM on Internal) let the client in.
export const main = async () => ({ statusCode: 200 });
