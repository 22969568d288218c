from .base import *  # noqa: F401,F403

# The load balancer terminates TLS; Django sees plain HTTP and would not send secure cookies.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Hosts change with every environment, the LB only forwards ours anyway.
ALLOWED_HOSTS = ["*"]
