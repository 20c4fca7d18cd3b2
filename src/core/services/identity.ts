// Who a set of credentials is: the answer every provider gives before anything touches an account, and
// what the account guard and the IAM administration service compare.
export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}
