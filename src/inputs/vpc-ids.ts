/** EC2's ID formats for what a task's awsvpc network names: 8 or 17 hex digits after the prefix. */
export const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
export const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;
