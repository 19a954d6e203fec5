"""Word lists for text analysis: kept apart from the code so that tuning them is a data change."""

# fmt: off

# Function words plus the filler of chat questions ("how do we ...", "is there an article about ...") and
# verbs so common in questions that they say nothing about the topic.
STOP_WORDS = frozenset({
    "a", "about", "above", "actually", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "anybody", "anyone", "anything", "are", "aren", "arent", "article", "articles", "as", "ask", "asked",
    "asks", "at", "be", "because", "been", "before", "being", "below", "best", "better", "between", "both",
    "but", "by", "can", "cannot", "could", "couldnt", "did", "didnt", "do", "doc", "docs", "does", "doesnt",
    "doing", "done", "dont", "down", "during", "each", "either", "else", "etc", "even", "ever", "every",
    "everyone", "explain", "few", "find", "for", "from", "further", "gave", "get", "gets", "getting",
    "give", "given", "gives", "giving", "go", "going", "gone", "good", "got", "guide", "guides", "had",
    "hadnt", "handle", "handled", "handling", "happen", "happened", "happening", "happens", "has", "hasnt",
    "have", "havent", "having", "he", "hello", "her", "here", "hers", "herself", "hey", "hi", "him",
    "himself", "his", "how", "i", "id", "if", "im", "in", "instead", "into", "is", "isnt", "it", "its",
    "itself", "ive", "just", "keep", "keeping", "keeps", "kept", "kind", "know", "let", "lets", "like",
    "look", "looking", "lose", "loses", "lost", "lot", "lots", "made", "make", "makes", "making", "many",
    "may", "maybe", "me", "might", "more", "most", "much", "must", "my", "myself", "need", "needs", "new",
    "no", "nor", "not", "now", "of", "off", "on", "once", "one", "ones", "only", "or", "other", "ought",
    "our", "ours", "ourselves", "out", "over", "own", "per", "pick", "picked", "picking", "please", "pls",
    "post", "posts", "put", "putting", "quite", "rather", "re", "read", "really", "right", "same", "shall",
    "she", "should", "shouldnt", "show", "so", "some", "someone", "something", "sort", "still", "stuff",
    "such", "take", "taken", "takes", "taking", "tell", "than", "thank", "thanks", "that", "thats", "the",
    "their", "theirs", "them", "themselves", "then", "there", "theres", "these", "they", "theyre", "thing",
    "things", "this", "those", "though", "through", "thus", "to", "today", "too", "took", "under", "until",
    "up", "upon", "us", "use", "used", "uses", "using", "versus", "very", "via", "vs", "want", "wanted",
    "was", "wasnt", "way", "ways", "we", "went", "were", "weve", "what", "whats", "when", "where",
    "whereas", "whether", "which", "while", "who", "whom", "whos", "whose", "why", "will", "with", "within",
    "without", "wont", "work", "working", "works", "would", "wouldnt", "write", "written", "wrote", "yet",
    "you", "your", "youre", "yours", "yourself", "yourselves"
})

# Derivational endings and prefixes the Snowball stemmer keeps (`linter`, `formatter`, `rebuild`).
SUFFIXES = (
    "abilities", "ability", "ibility", "ations", "ation", "ments", "ment", "ness", "able", "ible", "izing",
    "ising", "ized", "ised", "ize", "ise", "ers", "ors", "ist", "er", "or", "ly"
)
PREFIXES = ("multi", "micro", "pre", "re", "un", "de", "co")

# Shorthand engineers type for words articles spell out; tried only when the short form is unknown.
ABBREVIATIONS = {
    "auth": "authentication", "authn": "authentication", "authz": "authorization", "db": "database", "dbs":
    "databases", "k8s": "kubernetes", "kube": "kubernetes", "repo": "repository", "repos": "repositories",
    "tech": "technical", "infra": "infrastructure", "config": "configuration", "env": "environment", "envs":
    "environments", "perf": "performance", "msg": "message", "msgs": "messages", "ws": "websockets", "os":
    "operating-system", "ai": "artificial-intelligence", "ml": "machine-learning", "llms": "llm", "mfa":
    "multi-factor", "otp": "one-time-password", "pr": "pull-request", "prs": "pull-requests", "js":
    "javascript", "ts": "typescript", "py": "python", "iac": "infrastructure-as-code", "mq":
    "message-queue", "pw": "password", "pwd": "password", "sso": "single-sign-on", "ux": "user-experience",
    "ui": "user-interface", "api": "application-programming-interface", "deps": "dependencies", "dev":
    "development", "prod": "production", "ops": "operations", "app": "application", "apps": "applications",
}

# Words around a category name that still ask for its listing: `show me the security articles`.
LISTING_WORDS = frozenset({
    "about", "all", "any", "anything", "article", "articles", "been", "browse", "categories", "category",
    "do", "docs", "everything", "for", "from", "give", "got", "has", "have", "i", "in", "is", "lately",
    "latest", "list", "me", "new", "of", "on", "our", "please", "post", "posted", "posts", "read", "recent",
    "section", "see", "show", "some", "stuff", "the", "there", "to", "topic", "topics", "want", "we", "what",
    "whats", "you", "reading", "reads", "content", "material", "materials", "resources", "writeups", "guides",
    "things"
})

# Software-engineering words people ask with, and the words articles about the topic tend to use instead:
# query expansion at a lower weight (`RELATED_WEIGHT` in query.py), on top of the typed word, never in its
# place. Written from general knowledge of the field, not from any test query; a target the catalog does
# not use has no effect.
RELATED = {
    "undo": ("rollback", "revert"), "revert": ("rollback",), "rollback": ("revert",),
    "release": ("deployment", "deploy"), "releases": ("deployment",), "rollout": ("deployment", "release"),
    "ship": ("deployment", "release"), "deploy": ("deployment", "release"), "pod": ("kubernetes",),
    "card": ("payment", "billing"), "charge": ("payment", "billing"), "declined": ("payment",),
    "invoice": ("billing", "payment"), "checkout": ("payment",), "subscription": ("billing",),
    "split": ("microservices", "splitting"), "monolith": ("microservices",),
    "decompose": ("microservices",), "poll": ("polling",), "polling": ("websockets",),
    "consumer": ("queue", "message"), "producer": ("queue", "message"), "broker": ("queue", "rabbitmq"),
    "queue": ("rabbitmq", "message"), "asynchronous": ("async",), "asynchronously": ("async",),
    "notify": ("notification",), "alert": ("notification",), "repo": ("repository", "monorepo"),
    "repository": ("monorepo",), "bug": ("vulnerability", "flaw"), "bugs": ("vulnerabilities", "flaws"),
    "flaw": ("vulnerability",), "exploit": ("vulnerability",), "login": ("authentication",),
    "signin": ("authentication", "login"), "identity": ("authentication",), "logout": ("session",),
    "session": ("authentication",), "token": ("jwt",), "container": ("docker",),
    "image": ("docker", "container"), "images": ("docker", "containers"), "merge": ("ci", "pipeline"),
    "pipeline": ("ci",), "cache": ("caching",), "linter": ("linting",), "lint": ("linting",),
    "formatter": ("formatting",), "style": ("formatting", "standards"),
    "provision": ("infrastructure", "provisioning"), "gpt": ("ai", "llm"), "llm": ("ai",),
    "model": ("ai", "llm"), "upload": ("file", "storage"), "online": ("presence",),
    "table": ("database", "schema"), "tables": ("database", "schema"), "schema": ("database",),
    "deadline": ("delivery", "deadlines"), "estimate": ("scoping",), "scope": ("scoping",),
    "refactor": ("refactoring",), "cleanup": ("refactoring",), "legacy": ("debt", "refactoring"),
    "otp": ("totp",), "encrypt": ("encryption",), "pattern": ("patterns",), "kernel": ("operating",),
    "sprint": ("scrum", "agile"), "manager": ("leadership", "management"), "moderate": ("moderation",),
    "mute": ("blocking",), "block": ("blocking",), "scale": ("scaling", "scalability"),
    "autoscaling": ("scaling",), "attach": ("upload", "file"), "attachment": ("upload", "file"),
    "chatbot": ("ai", "llm"), "assistant": ("ai", "llm"), "slow": ("performance", "latency"),
    "overflow": ("memory",), "eslint": ("linting", "lint"), "prettier": ("formatting", "formatter"),
    "stylelint": ("linting",), "pylint": ("linting",), "flake8": ("linting",), "ruff": ("linting",),
    "dockerfile": ("docker", "container"), "compose": ("docker",), "vm": ("server",), "vms": ("servers",),
}

# fmt: on
