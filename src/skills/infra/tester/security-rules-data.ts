// Built-in rules for data stores: RDS, DynamoDB, ElastiCache, EFS, EBS, SQS and SNS — exposure,
// encryption at rest and in transit, and protection against losing the data.
import type { StateResource } from "../../../core/handler-contract.js";
import { blocks, bool, firstBlock, isUnset, str, unsetInCode, type SecurityRule } from "./security-rules.js";

const RDS_TYPES = ["aws_db_instance", "aws_rds_cluster"];

/** A read replica or a restore inherits encryption and snapshots from its source. */
const isReplica = (db: StateResource): boolean =>
  typeof db.values.replicate_source_db === "string" && db.values.replicate_source_db !== "";

/** A cluster that takes its encryption from elsewhere: a snapshot, a source, a global cluster, Serverless v1. */
const inheritsEncryption = (db: StateResource): boolean =>
  isReplica(db) ||
  ["snapshot_identifier", "replication_source_identifier", "global_cluster_identifier"].some((key) => {
    const value = db.values[key];
    // Written in the code but unknown until apply counts as set.
    return (typeof value === "string" && value !== "") || (value === undefined && db.arguments?.includes(key) === true);
  }) ||
  str(db.values, "engine_mode") === "serverless";

const dbName = (db: StateResource): string =>
  str(db.values, "identifier") ?? str(db.values, "cluster_identifier") ?? db.address;

function tlsParameterProblem(group: StateResource): string | undefined {
  const family = (str(group.values, "family") ?? "").toLowerCase();
  const params = new Map(
    blocks(group.values, "parameter").map((p) => [
      String(p.name ?? "").toLowerCase(),
      String(p.value ?? "").toLowerCase(),
    ]),
  );
  if (family.startsWith("postgres")) {
    const force = params.get("rds.force_ssl");
    return force === "0" ? "rds.force_ssl is 0: clients may connect without TLS" : undefined;
  }
  if (family.startsWith("mysql") || family.startsWith("mariadb")) {
    const require = params.get("require_secure_transport");
    if (require === undefined)
      return `${family} allows unencrypted connections unless require_secure_transport is set to 1`;
    return ["0", "off", "false"].includes(require) ? `require_secure_transport is ${require}` : undefined;
  }
  return undefined;
}

export const dataRules: SecurityRule[] = [
  {
    id: "RDS_PUBLICLY_ACCESSIBLE",
    title: "RDS instance is publicly accessible",
    severity: "critical",
    category: "security",
    resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
    check: (db) =>
      bool(db.values, "publicly_accessible") === true
        ? [`${dbName(db)} gets a public IP address and a public DNS name`]
        : [],
    remediation:
      "set publicly_accessible = false and reach the database from inside the VPC (bastion through SSM, VPN, or RDS Proxy)",
  },
  {
    id: "RDS_STORAGE_UNENCRYPTED",
    title: "RDS storage is not encrypted",
    severity: "high",
    category: "security",
    resourceTypes: RDS_TYPES,
    // A cluster's storage_encrypted is computed: left out of the code, Aurora creates it unencrypted.
    check: (db) =>
      !inheritsEncryption(db) &&
      (bool(db.values, "storage_encrypted") === false || unsetInCode(db, "storage_encrypted"))
        ? [
            `${dbName(db)} stores data, backups and snapshots unencrypted${bool(db.values, "storage_encrypted") === false ? "" : " (storage_encrypted is left out, and the default is false)"}`,
          ]
        : [],
    remediation:
      "set storage_encrypted = true (with kms_key_id for a customer managed key); an existing database is encrypted by restoring an encrypted snapshot copy",
  },
  {
    id: "RDS_DELETION_PROTECTION_DISABLED",
    title: "RDS deletion protection is off",
    severity: "medium",
    category: "configuration",
    resourceTypes: RDS_TYPES,
    // Unset (null) means the default, which is off.
    check: (db) =>
      bool(db.values, "deletion_protection") === false || isUnset(db.values, "deletion_protection")
        ? [`${dbName(db)} can be deleted by a single API call or terraform destroy`]
        : [],
    remediation: "set deletion_protection = true, at least in production-like environments",
  },
  {
    id: "RDS_SKIP_FINAL_SNAPSHOT",
    title: "RDS skips the final snapshot",
    severity: "medium",
    category: "configuration",
    resourceTypes: RDS_TYPES,
    check: (db) =>
      !isReplica(db) && bool(db.values, "skip_final_snapshot") === true
        ? [`deleting ${dbName(db)} keeps no final snapshot`]
        : [],
    remediation: "set skip_final_snapshot = false and a final_snapshot_identifier",
  },
  {
    id: "RDS_TLS_NOT_ENFORCED",
    title: "RDS parameter group does not enforce TLS",
    severity: "medium",
    category: "security",
    resourceTypes: ["aws_db_parameter_group", "aws_rds_cluster_parameter_group"],
    check: (group) => {
      const problem = tlsParameterProblem(group);
      return problem === undefined ? [] : [problem];
    },
    remediation:
      "set rds.force_ssl = 1 (PostgreSQL) or require_secure_transport = 1 (MySQL, MariaDB) in the parameter group",
  },
  {
    id: "DYNAMODB_PITR_DISABLED",
    title: "DynamoDB point-in-time recovery is off",
    severity: "medium",
    category: "configuration",
    resourceTypes: ["aws_dynamodb_table"],
    // The block is computed: absent means not configured, and DynamoDB then keeps no continuous backups.
    check: (table) =>
      bool(firstBlock(table.values, "point_in_time_recovery") ?? {}, "enabled") === true
        ? []
        : [`table ${str(table.values, "name") ?? table.address} has no continuous backups`],
    remediation: "add point_in_time_recovery { enabled = true }",
  },
  {
    id: "DYNAMODB_NO_CMK",
    title: "DynamoDB table is not encrypted with a customer managed key",
    severity: "low",
    category: "compliance",
    resourceTypes: ["aws_dynamodb_table"],
    check: (table) => {
      const name = str(table.values, "name") ?? table.address;
      const sse = firstBlock(table.values, "server_side_encryption");
      if (sse === undefined || bool(sse, "enabled") === false)
        return [`table ${name} is encrypted with an AWS owned key, outside your key policies and CloudTrail`];
      const key = sse.kms_key_arn;
      // Enabled without a key of its own means the AWS managed key aws/dynamodb: no key policy of yours.
      const managed =
        key === null ||
        key === "" ||
        (typeof key === "string" && /alias\/aws\/dynamodb$/.test(key)) ||
        (key === undefined && unsetInCode(table, "server_side_encryption.kms_key_arn"));
      return managed ? [`table ${name} is encrypted with the AWS managed key aws/dynamodb, not one you control`] : [];
    },
    remediation:
      "add server_side_encryption { enabled = true, kms_key_arn = <customer managed key> } where key control or audit is required",
  },
  {
    id: "ELASTICACHE_AT_REST_UNENCRYPTED",
    title: "ElastiCache data is not encrypted at rest",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_elasticache_replication_group"],
    check: (group) =>
      bool(group.values, "at_rest_encryption_enabled") === false
        ? [`${str(group.values, "replication_group_id") ?? group.address} keeps data and backups unencrypted`]
        : [],
    remediation: "set at_rest_encryption_enabled = true (this replaces the replication group)",
  },
  {
    id: "ELASTICACHE_TRANSIT_UNENCRYPTED",
    title: "ElastiCache traffic is not encrypted in transit",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_elasticache_replication_group"],
    check: (group) =>
      bool(group.values, "transit_encryption_enabled") === false
        ? [`clients of ${str(group.values, "replication_group_id") ?? group.address} connect without TLS`]
        : [],
    remediation: "set transit_encryption_enabled = true (and an auth_token or user groups)",
  },
  {
    id: "EFS_UNENCRYPTED",
    title: "EFS file system is not encrypted",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_efs_file_system"],
    // encrypted is computed: left out of the code, the file system is created unencrypted.
    check: (fs) =>
      bool(fs.values, "encrypted") === false || unsetInCode(fs, "encrypted")
        ? [
            `${str(fs.values, "creation_token") ?? fs.address} stores files unencrypted${bool(fs.values, "encrypted") === false ? "" : " (encrypted is left out, and the default is false)"}`,
          ]
        : [],
    remediation: "set encrypted = true (with kms_key_id for a customer managed key); this replaces the file system",
  },
  {
    id: "EBS_UNENCRYPTED",
    title: "EBS volume is not encrypted",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_ebs_volume", "aws_instance", "aws_launch_template", "aws_launch_configuration"],
    check: (resource) => {
      const v = resource.values;
      if (resource.type === "aws_ebs_volume") {
        if (bool(v, "encrypted") === false) return ["the volume is not encrypted"];
        // A volume from a snapshot takes the snapshot's encryption.
        return unsetInCode(resource, "encrypted") && unsetInCode(resource, "snapshot_id")
          ? ["encrypted is left out: the volume is unencrypted unless the account encrypts EBS by default"]
          : [];
      }
      if (resource.type === "aws_instance" || resource.type === "aws_launch_configuration") {
        const devices = [
          ...blocks(v, "root_block_device").map((d) => ({ ...d, device_name: d.device_name ?? "root" })),
          ...blocks(v, "ebs_block_device"),
        ];
        return devices
          .filter((d) => bool(d, "encrypted") === false)
          .map((d) => `block device ${String(d.device_name)} is not encrypted`);
      }
      return blocks(v, "block_device_mappings")
        .filter((m) => bool(firstBlock(m, "ebs") ?? {}, "encrypted") === false)
        .map((m) => `block device ${String(m.device_name ?? "?")} is not encrypted`);
    },
    remediation:
      "set encrypted = true on every volume, and turn on EBS encryption by default for the account and region",
  },
  {
    id: "SQS_UNENCRYPTED",
    title: "SQS queue is not encrypted",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_sqs_queue"],
    check: (queue) =>
      bool(queue.values, "sqs_managed_sse_enabled") === false && isUnset(queue.values, "kms_master_key_id")
        ? [`queue ${str(queue.values, "name") ?? queue.address} stores messages unencrypted`]
        : [],
    remediation: "remove sqs_managed_sse_enabled = false (SSE-SQS is the default) or set kms_master_key_id",
  },
  {
    id: "SNS_UNENCRYPTED",
    title: "SNS topic is not encrypted",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_sns_topic"],
    check: (topic) =>
      isUnset(topic.values, "kms_master_key_id")
        ? [`topic ${str(topic.values, "name") ?? topic.address} stores messages unencrypted`]
        : [],
    remediation:
      'set kms_master_key_id ("alias/aws/sns", or a customer managed key that the publishing services may use)',
  },
];
