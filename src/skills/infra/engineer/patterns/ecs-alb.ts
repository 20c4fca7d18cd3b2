// Terraform for the ecs-alb pattern: VPC with two public subnets, ALB → Fargate service, logs, the ERROR
// metric filter and the alarms of the reference architecture.
import { attr, attrs, block, call, expr, list, object, template, type HclBlock } from "../hcl.js";
import type { GenContext, PatternGenerator } from "../context.js";
import { alarm, logWriteStatement, output, resource, roleWithPolicy, trustPolicy } from "./shared.js";

const HTTPS_ON = 'var.certificate_arn != ""';
const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
const CONTAINER = "app";

function network(gen: GenContext): HclBlock[] {
  const vpc = gen.ref("aws_vpc", "vpc", "id");
  const subnets = `aws_subnet.${gen.label("public-subnets")}`;
  return [
    block("data", ["aws_availability_zones", "available"], [attr("state", "available")]),
    resource(gen, "aws_vpc", "vpc", [
      attr("cidr_block", gen.v("vpc_cidr")),
      attr("enable_dns_support", true),
      attr("enable_dns_hostnames", true),
      gen.tags("vpc"),
    ]),
    resource(gen, "aws_subnet", "public-subnets", [
      ...attrs({
        count: 2,
        vpc_id: vpc,
        cidr_block: call("cidrsubnet", gen.v("vpc_cidr"), 8, expr("count.index")),
        availability_zone: expr("data.aws_availability_zones.available.names[count.index]"),
        map_public_ip_on_launch: false,
      }),
      attr(
        "tags",
        call(
          "merge",
          expr("local.tags"),
          object({ Name: template(...gen.name("public-subnets").parts, "-", expr("count.index")) }, true),
        ),
      ),
    ]),
    resource(gen, "aws_internet_gateway", "igw", [attr("vpc_id", vpc), gen.tags("igw")]),
    resource(gen, "aws_route_table", "public-routes", [
      attr("vpc_id", vpc),
      block(
        "route",
        [],
        [attr("cidr_block", "0.0.0.0/0"), attr("gateway_id", gen.ref("aws_internet_gateway", "igw", "id"))],
      ),
      gen.tags("public-routes"),
    ]),
    resource(gen, "aws_route_table_association", "public-routes-assoc", [
      attr("count", 2),
      attr("subnet_id", expr(`${subnets}[count.index].id`)),
      attr("route_table_id", gen.ref("aws_route_table", "public-routes", "id")),
    ]),
  ];
}

function securityGroups(gen: GenContext): HclBlock[] {
  const vpc = gen.ref("aws_vpc", "vpc", "id");
  const rule = (
    type: "ingress" | "egress",
    description: string,
    port: HclBlock["body"][number][],
    from: HclBlock["body"][number],
  ) => block(type, [], [attr("description", description), ...port, attr("protocol", "tcp"), from]);
  const port = (value: ReturnType<typeof gen.v> | number) => [attr("from_port", value), attr("to_port", value)];
  return [
    resource(gen, "aws_security_group", "alb-sg", [
      ...attrs({
        name: gen.name("alb-sg"),
        description: "Load balancer: HTTP and HTTPS from anywhere, out to the tasks only.",
        vpc_id: vpc,
      }),
      rule("ingress", "HTTP", port(80), attr("cidr_blocks", list("0.0.0.0/0"))),
      rule("ingress", "HTTPS", port(443), attr("cidr_blocks", list("0.0.0.0/0"))),
      rule("egress", "To the tasks", port(gen.v("container_port")), attr("cidr_blocks", list(gen.v("vpc_cidr")))),
      gen.tags("alb-sg"),
    ]),
    resource(gen, "aws_security_group", "tasks-sg", [
      ...attrs({
        name: gen.name("tasks-sg"),
        description: "Tasks: the container port from the load balancer only.",
        vpc_id: vpc,
      }),
      rule(
        "ingress",
        "From the load balancer",
        port(gen.v("container_port")),
        attr("security_groups", list(gen.ref("aws_security_group", "alb-sg", "id"))),
      ),
      // HTTPS out: image pulls and AWS APIs (the tasks have no other egress).
      rule("egress", "HTTPS out", port(443), attr("cidr_blocks", list("0.0.0.0/0"))),
      gen.tags("tasks-sg"),
    ]),
  ];
}

function loadBalancer(gen: GenContext): HclBlock[] {
  const tg = gen.ref("aws_lb_target_group", "app-tg", "arn");
  const alb = gen.ref("aws_lb", "alb", "arn");
  return [
    resource(gen, "aws_lb", "alb", [
      ...attrs({
        name: gen.name("alb"),
        load_balancer_type: "application",
        internal: false,
        security_groups: list(gen.ref("aws_security_group", "alb-sg", "id")),
        subnets: expr(`aws_subnet.${gen.label("public-subnets")}[*].id`),
        drop_invalid_header_fields: true,
      }),
      gen.tags("alb"),
    ]),
    resource(gen, "aws_lb_target_group", "app-tg", [
      ...attrs({
        name: gen.name("app-tg"),
        port: gen.v("container_port"),
        protocol: "HTTP",
        target_type: "ip",
        vpc_id: gen.ref("aws_vpc", "vpc", "id"),
      }),
      block(
        "health_check",
        [],
        [
          ...attrs({
            path: gen.v("health_check_path"),
            matcher: "200-399",
            interval: 30,
            timeout: 5,
            healthy_threshold: 2,
            unhealthy_threshold: 3,
          }),
        ],
      ),
      gen.tags("app-tg"),
    ]),
    resource(gen, "aws_lb_listener", "http-listener", [
      ...attrs({ load_balancer_arn: alb, port: 80, protocol: "HTTP" }),
      block(
        "default_action",
        [],
        [
          attr("type", expr(`${HTTPS_ON} ? "redirect" : "forward"`)),
          attr("target_group_arn", expr(`${HTTPS_ON} ? null : ${tg.text}`)),
          block(
            "dynamic",
            ["redirect"],
            [
              attr("for_each", expr(`${HTTPS_ON} ? [1] : []`)),
              block("content", [], [attr("port", "443"), attr("protocol", "HTTPS"), attr("status_code", "HTTP_301")]),
            ],
          ),
        ],
      ),
      gen.tags("http-listener"),
    ]),
    resource(gen, "aws_lb_listener", "https-listener", [
      ...attrs({
        count: expr(`${HTTPS_ON} ? 1 : 0`),
        load_balancer_arn: alb,
        port: 443,
        protocol: "HTTPS",
        ssl_policy: TLS_POLICY,
        certificate_arn: gen.v("certificate_arn"),
      }),
      block("default_action", [], [attr("type", "forward"), attr("target_group_arn", tg)]),
      gen.tags("https-listener"),
    ]),
  ];
}

function service(gen: GenContext): HclBlock[] {
  const logs = gen.ref("aws_cloudwatch_log_group", "app-logs", "name");
  return [
    resource(gen, "aws_ecs_cluster", "cluster", [
      attr("name", gen.name("cluster")),
      block("setting", [], [attr("name", "containerInsights"), attr("value", "enabled")]),
      gen.tags("cluster"),
    ]),
    resource(gen, "aws_cloudwatch_log_group", "app-logs", [
      attr("name", gen.name("app-logs")),
      attr("retention_in_days", gen.v("log_retention_days")),
      gen.tags("app-logs"),
    ]),
    ...roleWithPolicy(
      gen,
      { role: "execution-role", policy: "execution-policy", attachment: "execution-policy-attachment" },
      "ecs-tasks.amazonaws.com",
      "Lets ECS ship the service's container logs.",
      [logWriteStatement(gen, "app-logs")],
    ),
    resource(gen, "aws_iam_role", "task-role", [
      attr("name", gen.name("task-role")),
      attr("assume_role_policy", trustPolicy("ecs-tasks.amazonaws.com")),
      gen.tags("task-role"),
    ]),
    resource(gen, "aws_ecs_task_definition", "app-task", [
      ...attrs({
        family: gen.name("app-task"),
        requires_compatibilities: list("FARGATE"),
        network_mode: "awsvpc",
        cpu: call("tostring", gen.v("task_cpu")),
        memory: call("tostring", gen.v("task_memory")),
        execution_role_arn: gen.ref("aws_iam_role", "execution-role", "arn"),
        task_role_arn: gen.ref("aws_iam_role", "task-role", "arn"),
        container_definitions: call(
          "jsonencode",
          list(
            object({
              name: CONTAINER,
              image: gen.v("container_image"),
              essential: true,
              portMappings: list(object({ containerPort: gen.v("container_port"), protocol: "tcp" })),
              logConfiguration: object({
                logDriver: "awslogs",
                options: object({
                  "awslogs-group": logs,
                  "awslogs-region": gen.v("region"),
                  "awslogs-stream-prefix": CONTAINER,
                }),
              }),
            }),
          ),
        ),
        // Earlier revisions stay registered, so a bad release can be rolled back to the previous one.
        skip_destroy: true,
      }),
      gen.tags("app-task"),
    ]),
    resource(gen, "aws_ecs_service", "app", [
      ...attrs({
        name: gen.name("app"),
        cluster: gen.ref("aws_ecs_cluster", "cluster", "id"),
        task_definition: gen.ref("aws_ecs_task_definition", "app-task", "arn"),
        desired_count: gen.v("desired_count"),
        launch_type: "FARGATE",
      }),
      block(
        "network_configuration",
        [],
        [
          attr("subnets", expr(`aws_subnet.${gen.label("public-subnets")}[*].id`)),
          attr("security_groups", list(gen.ref("aws_security_group", "tasks-sg", "id"))),
          // Public subnets and no NAT gateway: tasks need a public address to pull their image.
          attr("assign_public_ip", true),
        ],
      ),
      block(
        "load_balancer",
        [],
        [
          attr("target_group_arn", gen.ref("aws_lb_target_group", "app-tg", "arn")),
          attr("container_name", CONTAINER),
          attr("container_port", gen.v("container_port")),
        ],
      ),
      gen.tags("app"),
      attr("depends_on", list(expr(`aws_lb_listener.${gen.label("http-listener")}`))),
      block("lifecycle", [], [attr("ignore_changes", list(expr("availability_zone_rebalancing")))]),
    ]),
  ];
}

export const ecsAlbGenerator: PatternGenerator = {
  parts: (gen) => {
    const serviceDims = {
      ClusterName: gen.ref("aws_ecs_cluster", "cluster", "name"),
      ServiceName: gen.ref("aws_ecs_service", "app", "name"),
    };
    const albSuffix = gen.ref("aws_lb", "alb", "arn_suffix");
    // The ERROR count is a custom metric in a namespace named after the service.
    const namespace = gen.name("app");
    return [
      { blocks: [...network(gen), ...securityGroups(gen), ...loadBalancer(gen)] },
      {
        blocks: service(gen),
        outputs: [
          output("alb_dns_name", "DNS name of the load balancer.", gen.ref("aws_lb", "alb", "dns_name")),
          output("cluster_name", "Name of the ECS cluster.", gen.ref("aws_ecs_cluster", "cluster", "name")),
          output("service_name", "Name of the ECS service.", gen.ref("aws_ecs_service", "app", "name")),
          output(
            "log_group_name",
            "Log group of the containers.",
            gen.ref("aws_cloudwatch_log_group", "app-logs", "name"),
          ),
        ],
      },
      {
        key: "cpu-alarm",
        blocks: [
          alarm(gen, {
            key: "cpu-alarm",
            description: template("CPU of ", gen.name("app")),
            namespace: "AWS/ECS",
            metric: "CPUUtilization",
            dimensions: serviceDims,
            statistic: "Average",
            period: 60,
            evaluationPeriods: 2,
            threshold: gen.v("cpu_alarm_percent"),
          }),
        ],
      },
      {
        key: "memory-alarm",
        blocks: [
          alarm(gen, {
            key: "memory-alarm",
            description: template("Memory of ", gen.name("app")),
            namespace: "AWS/ECS",
            metric: "MemoryUtilization",
            dimensions: serviceDims,
            statistic: "Average",
            period: 60,
            evaluationPeriods: 2,
            threshold: gen.v("memory_alarm_percent"),
          }),
        ],
      },
      {
        key: "http-5xx-alarm",
        blocks: [
          alarm(gen, {
            key: "http-5xx-alarm",
            description: template("Target 5xx responses of ", gen.name("alb")),
            namespace: "AWS/ApplicationELB",
            metric: "HTTPCode_Target_5XX_Count",
            dimensions: { LoadBalancer: albSuffix },
            period: 60,
            evaluationPeriods: 2,
            threshold: gen.v("http_5xx_threshold"),
          }),
        ],
      },
      {
        key: "unhealthy-hosts-alarm",
        blocks: [
          alarm(gen, {
            key: "unhealthy-hosts-alarm",
            description: template("Unhealthy targets of ", gen.name("app-tg")),
            namespace: "AWS/ApplicationELB",
            metric: "UnHealthyHostCount",
            dimensions: {
              LoadBalancer: albSuffix,
              TargetGroup: gen.ref("aws_lb_target_group", "app-tg", "arn_suffix"),
            },
            statistic: "Maximum",
            period: 60,
            evaluationPeriods: 2,
            threshold: 0,
          }),
        ],
      },
      {
        key: "error-filter",
        blocks: [
          resource(gen, "aws_cloudwatch_log_metric_filter", "error-filter", [
            attr("name", gen.name("error-filter")),
            attr("log_group_name", gen.ref("aws_cloudwatch_log_group", "app-logs", "name")),
            attr("pattern", "ERROR"),
            block(
              "metric_transformation",
              [],
              [
                attr("name", "ErrorCount"),
                attr("namespace", namespace),
                attr("value", "1"),
                attr("default_value", "0"),
              ],
            ),
          ]),
          alarm(gen, {
            key: "error-alarm",
            description: template("ERROR log lines of ", gen.name("app")),
            namespace,
            metric: "ErrorCount",
            period: 60,
            threshold: gen.v("error_count_threshold"),
          }),
        ],
      },
    ];
  },
};
