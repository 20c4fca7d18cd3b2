// The router's vocabulary, as data: which phrases point to which command, and how strongly.
// Patterns run on normalised text (lower case, single spaces, typos corrected to known words).

export type Manager = "infra" | "ops";

export const COMMANDS = {
  architect: "infra",
  engineer: "infra",
  "validate-config": "infra",
  "test-changes": "infra",
  "preview-changes": "infra",
  deploy: "infra",
  "show-resources": "infra",
  "check-status": "infra",
  debug: "infra",
  teardown: "infra",
  "check-health": "ops",
  "query-logs": "ops",
  investigate: "ops",
  "analyze-performance": "ops",
  remediate: "ops",
  audit: "ops",
} as const satisfies Record<string, Manager>;

export type RouteCommand = keyof typeof COMMANDS;

/** Commands the CLI has today; the others are routed but reported as not available yet. */
export const AVAILABLE: ReadonlySet<RouteCommand> = new Set([
  "architect",
  "engineer",
  "validate-config",
  "test-changes",
  "debug",
  "preview-changes",
  "deploy",
  "show-resources",
  "check-status",
  "teardown",
  "check-health",
  "query-logs",
  "investigate",
  "analyze-performance",
  "remediate",
  "audit",
]);

export interface Cue {
  pattern: RegExp;
  weight: number;
}

const cue = (pattern: RegExp, weight = 3): Cue => ({ pattern, weight });

export const CUES: Record<RouteCommand, Cue[]> = {
  architect: [
    cue(/\b(design|architect)\b(?! (doc|docs|document|documents|file|spec))/, 4),
    cue(/\b(propose|sketch|draft|plan out|come up with|lay out)\b[\w\s'-]*\b(infrastructure|infra|architecture|design|setup|resources)\b/, 8),
    cue(/\barchitecture (proposal|for|of)\b/, 6),
    cue(/\bplan the (architecture|infrastructure|infra|setup)\b/, 8),
    cue(/\bcreate (the |some |an? )?(infrastructure|infra|architecture) for\b/, 8),
    cue(/^(add|we need|i need|give me|let's add) (an? |some )?[\w\s-]*\b(service|api|website|site|worker)\b[\w\s-]* (behind|with|fronted by) (an? )?(load balancer|alb|api gateway|cdn|cloudfront)\b/, 9),
    cue(/\bcontaineri[sz]ed (web )?(service|app|application)\b/, 3),
    cue(/\bwhat (aws )?(resources|services|infrastructure) (do|would|should) (i|we) (need|use)\b/, 6),
    cue(/\bhow should (i|we) (structure|build|lay out)\b/, 5),
    cue(/\bwe'?d need\b/, 3),
  ],
  engineer: [
    cue(/\b(generate|write|create|produce|scaffold|emit|build|codegen|translate|convert|turn|engineer)\b[\w\s'.,-]*\b(terraform|tf|iac|hcl|infrastructure as code|infrastructure code|\.tf files?|main\.tf|modules?)\b/, 7),
    cue(/\b(terraform|tf|hcl|iac|code|modules?)\b[\w\s,'-]*\bdesign\b|\bdesign\b[\w\s,'-]*\b(terraform|tf|hcl|iac|code|modules?)\b/, 6),
    cue(/\bimplement( the| this| that| our| my)? [\w\s-]*design\b/, 7),
    cue(/\b(implement|codify) (it|the design|that)\b/, 5),
    cue(/\bfrom the design\b/, 4),
    cue(/\bimplement\b/, 2),
  ],
  "validate-config": [
    cue(/\b(validate|validation|validating|lint|linting)\b/, 5),
    cue(/\b(check|verify|review|sanity check( of)?)( my| the| our)? (terraform|tf|hcl)( config| configuration| code)?\b/, 5),
    cue(/\b(terraform|tf|hcl) (config|configuration|code)? ?(valid|correct|errors?|problems?|issues?)\b/, 5),
    cue(/\b(terraform|tf|hcl)\b[\w\s]*\b(configuration|config) (errors?|problems?|issues?)\b/, 6),
    cue(/\bis( my| the| our)? (terraform |tf )?(config|configuration|hcl) (valid|correct|ok|okay|right)\b/, 6),
    cue(/\bnaming (pattern|conventions?|rules?)\b|\bresource names\b|\bbad (resource )?names\b/, 5),
    cue(/\b(missing |required )?tags?\b[\w\s,-]*\b(terraform|tf|code|hcl)\b/, 6),
    cue(/\bsyntax\b/, 3),
  ],
  "test-changes": [
    cue(/\b(run|execute|kick off|start)( the| my| our| all| a)?( infra| infrastructure| pre-deployment| post-deployment| pre-deploy| post-deploy| smoke| security| cost| and| verification| unit| integration)* (tests?|checks?)\b/, 5),
    cue(/\btest( my| the| our| these| this)? (infrastructure|infra|changes|terraform|tf|stack|code)\b/, 6),
    cue(/\btest-changes\b/, 9),
    cue(/\b(security scan|scan for (security|vulnerabilit)|checkov|tfsec|misconfigurations?)\b/, 5),
    cue(/\bscan( my| the)? (terraform|tf|code|changes)\b/, 6),
    cue(/\bcost estimat\w*|\bestimate( the)? cost\b/, 6),
    cue(/\b(cost|costs|budget)\b[\w\s?,'-]*\b(planned|pending|new resources|changes|before (i|we) deploy|terraform)\b/, 6),
    cue(/\b(new resources|planned changes|pending changes|these changes|the changes)\b[\w\s]*\bcost\b/, 6),
    cue(/\b(changes|terraform|tf|code)\b[\w\s]*\bfor security\b/, 7),
    cue(/\b(pre|post)[- ]?deploy(ment)? (tests?|checks?|verification)\b/, 7),
    cue(/\bsmoke tests?\b/, 4),
  ],
  "preview-changes": [
    cue(/\bpreview\b/, 6),
    cue(/\b(terraform|tf) plan\b/, 6),
    cue(/\bplan\b(?! out| the (architecture|infrastructure|infra|setup))/, 4),
    cue(/\bdry[- ]?run\b/, 6),
    cue(/\bwhat('s| is)? (will|would|is going to|going to) (change|happen|be (changed|created|destroyed))\b|\bwhat('s| is) going to change\b/, 7),
    cue(/\bwhich resources (will|would) be\b|\bwill anything be (destroyed|deleted|replaced|changed)\b|\bblast radius\b/, 7),
    cue(/\bwhat would (terraform|tf) do\b/, 7),
    cue(/\b(planned|upcoming) changes\b/, 4),
    cue(/\bdiff\b/, 3),
  ],
  deploy: [
    cue(/\b(deploy|deploying|redeploy)\b/, 4),
    cue(/\b(ship|release|roll ?out|provision|promote)\b/, 3),
    cue(/\b(terraform|tf) apply\b/, 5),
    cue(/\bapply( the| my| these| our| saved)*( terraform)? (changes|terraform|plan|infrastructure|infra|config)\b/, 5),
    cue(/\bgo live\b/, 3),
    cue(/\bpush( it| this| the)?( terraform| infrastructure| infra)?( changes)?( out)? to (prod|production|test|staging|live|dev)\b/, 5),
  ],
  "show-resources": [
    cue(/\b(show|list|display|give|get|see)( me)?( all| the| our| my| every| everything)*( deployed| aws| current| existing)? (resources|lambdas|buckets|functions|queues|tables|clusters)\b/, 5),
    cue(/\bwhat( is|'s| resources are| do we have| have we got| infrastructure is)?( currently)? (deployed|running)\b/, 4),
    cue(/\b(everything|resources|lambdas?|functions?|buckets?) (we'?ve got |are |is )?(currently )?deployed\b/, 5),
    cue(/\bdeployed (resources|stuff|things|infrastructure)\b/, 5),
    cue(/\b(inventory|arns?|console links?|resource list|deployed\.md)\b/, 4),
    cue(/\b(aws |the )?console\b/, 3),
    cue(/\bresources\b/, 1),
  ],
  "check-status": [
    cue(/\bdrift(ed|ing)?\b|\boutside (of )?terraform\b/, 6),
    cue(/\b(in sync|out of sync|match(es)? (the code|what terraform)|up to date with (the )?code)\b/, 6),
    cue(/\blast (deploy|deployment|release)\b|\b(last|latest) deployed\b/, 6),
    cue(/\bwhen (did|was)( we| it| test| prod| production)?( last)? (deploy|deployed)\b/, 7),
    cue(/\b(state )?lock(ed)?\b/, 6),
    cue(/\bdeployment status\b|\bcheck-status\b/, 7),
    cue(/\bcheck status\b/, 5),
    cue(/\bstatus of (the )?(deployment|terraform|state)\b/, 5),
  ],
  debug: [
    cue(/\b(debug|debugging|diagnose|diagnosis|troubleshoot)\b/, 6),
    cue(/\bwhy (did|does|is)( the| my| our)? (deploy|deployment|apply|terraform|release|teardown|plan|init)[\w\s-]* (fail|failing|erroring|error|break|broken)\b/, 9),
    cue(/\b(deploy|deployment|apply|terraform|plan|init|teardown|destroy)( \w+){0,3} (failed|fails|failing|errored|erroring|is failing|keeps failing|broke|blew up)\b/, 7),
    cue(/\b(failed|fails) with\b/, 5),
    cue(/\b(accessdenied|access denied|not authorized to perform|unauthorizedoperation|dependencyviolation|bucketalreadyexists|invalidparametervalue|conditionalcheckfailed)\w*\b/, 6),
    cue(/(^|\s)error:|\berror acquiring\b|\bunsupported argument\b|\binvalid reference\b/, 8),
    cue(/\b(terraform|tf|deployment|deploy) errors?\b/, 4),
  ],
  teardown: [
    cue(/\b(tear ?down|teardown)\b/, 7),
    cue(/\btear\b[\w\s]*\bdown\b/, 7),
    cue(/\b(destroy|decommission|nuke|wipe|dismantle)\b/, 6),
    cue(/\b(delete|remove|drop|get rid of|take down|wipe)\b[\w\s]*\b(infrastructure|infra|environment|stack|resources|everything)\b/, 6),
    cue(/\b(terraform|tf) destroy\b/, 7),
  ],
  "check-health": [
    cue(/\b(health|healthy|unhealthy|health ?check|check-health)\b/, 5),
    cue(/\b(up and running|alive|uptime|working properly|green|degraded)\b/, 4),
    cue(/\b(are|is)( all| the| my| our| any)? [\w-]*( services?| apps?| apis?| lambdas?| functions?)? (up|down|alive|running)\b/, 4),
    cue(/\bmonitor(ing)?\b/, 4),
    cue(/\bhow('s| is| are)( the| my| our)? [\w\s-]*(doing|holding up)\b/, 3),
    cue(/\bstatus of( my| the| our)? (services?|apps?|lambdas?|functions?|containers?|tasks?)\b/, 4),
  ],
  "query-logs": [
    cue(/\blogs?\b|\bquery-logs\b/, 5),
    cue(/\b(log (entries|lines|events|output|messages)|cloudwatch logs|log stream|log group)\b/, 3),
    cue(/\b(tail|grep)\b/, 3),
    cue(/\b(show|list|find|get|see|print)( me)?( the| all| any)? (errors|error messages|exceptions|warnings|warn messages|stack traces)\b/, 5),
    cue(/\b(warn|warning|error) messages\b/, 4),
    cue(/\bfilter( the)? logs\b/, 5),
  ],
  investigate: [
    cue(/\b(investigate|investigation|investigating)\b/, 7),
    cue(/\broot ?cause\b/, 6),
    cue(/\bwhat (went|is going|has gone|'s going) wrong\b|\bwhat('s| is) going on\b|\bwhat broke\b|\bwhat caused\b/, 6),
    cue(/\b(incident|outage|postmortem|post-mortem)\b/, 5),
    cue(/\bwhy (is|are|was|were|did|does|do)( the| my| our)? [\w\s-]*(fail|failing|erroring|down|broken|crash|crashing|throwing|timing out|returning 5\d\d|jump|spike)\w*\b/, 5),
    cue(/\b(figure out|find out|look into|dig into|correlate)\b/, 4),
    cue(/\bspike in errors|error spike|errors (spiked|started|jumped|jump)\b|\bgetting errors\b/, 4),
  ],
  "analyze-performance": [
    cue(/\b(performance|perf|performing)\b/, 6),
    cue(/\b(latency|slow|slower|sluggish|p95|p99|p50|throughput|response times?|cold starts?|bottlenecks?|throttl\w*)\b/, 5),
    cue(/\bhow long (are|is|do|does)\b[\w\s-]*\btak\w*\b|\brequests per second\b|\binvocations\b/, 5),
    cue(/\b(duration|how fast|speed|concurrency)\b/, 3),
    cue(/\boptimi[sz]e\b/, 2),
  ],
  remediate: [
    cue(/\b(restart|restarting|reboot|bounce|recycle|remediate)\b/, 6),
    cue(/\bscale( it| the| [\w-]+)?( up| down| out| in)?\b/, 5),
    cue(/\broll ?back\b|\brevert\b/, 5),
    cue(/\b(increase|decrease|raise|lower|bump|set)\b[\w\s-]* (capacity|concurrency|task count|desired count|tasks|instances|replicas)\b/, 5),
    cue(/\bprevious version\b|\blast good version\b/, 3),
  ],
  audit: [
    cue(/\baudit(ing|s)?\b/, 5),
    cue(/\b(costs?|spend|spending|billing costs?|our bill|aws bill|the bill|expensive|budget|how much (are|do) we (pay|spend)|money)\b/, 4),
    cue(/\b(security posture|security review|security check|vulnerabilit\w*|exposed|public buckets?|unencrypted|encryption|iam policies|least privilege)\b/, 7),
    cue(/\bsecurity\b/, 2),
    cue(/\b(compliance|compliant|tagged|tagging|tag policy|policy violations?)\b/, 6),
  ],
};

/** Requests with several good readings (a vague verb and object). `force` rules win over any cue. */
export const AMBIGUOUS: { pattern: RegExp; options: RouteCommand[]; force?: boolean }[] = [
  { pattern: /^(check|look at|inspect|review|examine|verify|scan|sync)( on)?( my| the| our| all)? (environment|env|test|prod|production|staging|live|dev)\??$/, options: ["check-health", "check-status", "validate-config", "show-resources", "test-changes", "preview-changes", "audit"], force: true },
  { pattern: /\b(check|look at|inspect|review|examine|verify)( on)?( my| the| our| all)? (infrastructure|infra|environment|env|stack|setup|everything|aws|cloud|system|systems)\b/, options: ["check-health", "validate-config", "show-resources"] },
  { pattern: /^(is|how is|how's|is everything ok with|is everything okay with|status of|status for)( the)? (test|prod|production|staging|live|dev)( ok| okay| fine| alright)?\??$/, options: ["check-health", "check-status"], force: true },
  { pattern: /\bstatus( of| for)?( the| my)? (test|prod|production|staging|live|environment|env|infrastructure|infra|stack)\b/, options: ["check-health", "check-status"] },
  { pattern: /\b(fix|repair|sort out|deal with|handle)( the| my| our| this| that)? [\w\s-]*(problem|issue|service|api|lambda|outage|it)\b(?! (error|errors))/, options: ["investigate", "remediate", "debug"], force: true },
  { pattern: /\bwhat changed\b|\b(are there|any) pending changes\b/, options: ["preview-changes", "check-status", "investigate"], force: true },
  { pattern: /^(security scan|scan prod|scan test|compliance check|check the costs|cost|costs|what will this cost\??|terraform|apply the fixes|verify the deployment|undo the last change[\w\s]*)$/, options: ["test-changes", "audit", "validate-config", "preview-changes", "deploy", "check-status", "remediate"], force: true },
  { pattern: /\bare all required tags present\b/, options: ["validate-config", "audit"], force: true },
  { pattern: /\broll ?back the last deploy\w*\b|\bredeploy\b|\bforce a new deployment\b/, options: ["remediate", "deploy"], force: true },
  { pattern: /\bwhat went wrong with the last deploy\w*\b|\blook into the deployment\b/, options: ["debug", "investigate", "check-status"], force: true },
  { pattern: /\bwhy is [\w\s-]* so slow\b/, options: ["analyze-performance", "investigate"], force: true },
  { pattern: /^(build|set up|setup) (the |an? |some )?[\w\s-]*(infrastructure|queue|cache|bucket|database|table|cluster)\b(?! from)|^create (an? |some )?[\w\s-]*(queue|cache|bucket|database|table|cluster)\b/, options: ["architect", "engineer", "deploy"], force: true },
  { pattern: /\b(help,? )?(prod|production|test|staging) is (broken|down)\b/, options: ["check-health", "investigate", "remediate", "debug"], force: true },
  { pattern: /\bwhat'?s running in\b/, options: ["show-resources", "check-health"], force: true },
  { pattern: /\bmonitor\b[\w\s'-]*\blatency\b[\w\s-]*\berrors\b/, options: ["check-health", "analyze-performance", "query-logs"], force: true },
  { pattern: /\breview (prod|production|test|staging)\b/, options: ["preview-changes", "audit", "check-health"], force: true },
  { pattern: /\bcheck the terraform\b$/, options: ["validate-config", "preview-changes", "test-changes"], force: true },
  { pattern: /\berrors?\b/, options: ["query-logs", "investigate"] },
];

/** Topics that are plainly not DevOps requests, even when they use words like "deploy" or "logs". */
export const OFF_TOPIC = /\btranslate\b[\w\s'"]*\b(spanish|french|german|italian|english|japanese|chinese|portuguese)\b|\b(poem|joke|recipe|weather|iphone|android phone|my cat|my dog|birthday|party|flight|email to|landlord|heater|firewood|movie|song|lyrics|homework|essay|restaurant|vacation|holiday|center a div|css|football|soccer)\b/;

/** Words the typo fixer may correct to; longer words get more slack. */
export const VOCABULARY = [
  "deploy", "deploying", "deployment", "deployed", "preview", "validate", "validation", "investigate", "investigation",
  "health", "healthy", "unhealthy", "logs", "performance", "latency", "restart", "rollback", "scale", "audit", "security",
  "compliance", "teardown", "destroy", "design", "architect", "architecture", "generate", "implement", "terraform",
  "infrastructure", "resources", "status", "drift", "debug", "diagnose", "production", "staging", "testing", "development",
  "monitor", "monitoring", "incident", "outage", "analyze", "analyse", "show", "changes", "configuration", "service",
  "services", "lambda", "function", "environment", "errors", "error", "costs", "spending", "billing", "encryption", "root",
  "cause", "release", "provision", "inventory", "deployed", "throughput", "troubleshoot", "decommission", "vulnerabilities",
  // Real words close to the ones above, so they are never "corrected" into them.
  "draft", "stale", "state", "stage", "pending", "review", "heath", "delay", "display", "checkout", "latest", "rolled",
];

/** Frequent typos of short words, which the edit-distance fixer leaves alone. */
export const TYPOS: Record<string, string> = { chekc: "check", lgos: "logs", drfit: "drift", dbeug: "debug", cots: "costs", chek: "check", chk: "check", tset: "test", helth: "health", heath: "health", logz: "logs", donw: "down", waht: "what", scael: "scale", prdo: "prod", porod: "prod", prod0: "prod", stagng: "staging", depoy: "deploy", dpeloy: "deploy" };

/** Words that never name a service. */
export const NOT_SERVICE = new Set([
  "the", "a", "an", "my", "our", "your", "this", "that", "these", "those", "all", "every", "any", "some", "it", "its",
  "test", "testing", "dev", "development", "prod", "production", "live", "staging", "stage", "environment", "env",
  "aws", "cloud", "infra", "infrastructure", "stack", "main", "whole", "entire", "each", "which", "what", "me", "us",
  "api", "lambda", "function", "service", "app", "application", "worker", "queue", "cluster", "backend", "frontend",
  "deployed", "running", "failing", "broken", "slow", "new", "old", "latest", "previous", "current", "last", "ecs",
  "from", "in", "on", "of", "for", "to", "at", "by", "with", "back", "down", "up", "out", "over", "since", "into", "about",
  "errors", "error", "logs", "log", "performance", "latency", "hour", "hours", "minutes", "version", "good", "incident",
  "analysis", "everything", "them", "there", "here", "now", "today", "please", "again", "then", "and", "or", "is", "are",
  "services", "lambdas", "functions", "tasks", "instances", "throttles", "concurrency", "messages", "warn", "warning",
  "health", "status", "restarting", "restart", "scale", "rollback", "revert", "p95", "p99", "requests", "second",
  "lambda's", "service's", "who", "how", "why", "where", "when", "did", "does", "was", "were", "we", "you", "i",
  "cost", "costs", "handling", "performing", "doing", "by", "restarting", "it", "against", "using", "via", "per",
]);
