import sys

from bot.register.deadlines.cli import main

sys.exit(main())
