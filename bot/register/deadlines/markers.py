"""Markers: the words that make deadline words a kind other than a date (ASAP, next meeting, ongoing, an event),
times of day, the by / before / during words before a date, and the filler words that may stand before one.
"""

from __future__ import annotations

import re

from bot.register.deadlines.patterns import _NUMBERS
from bot.register.deadlines.vocabulary import (
    _CY_DAYS,
    _CY_MONTH_ABBREVIATIONS,
    _EN_DAYS,
    _MONTHS,
    _alt,
)

_TIME = re.compile(
    r"(?<![\d:./-])(?:(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?\s*(?P<ap>a\.?m\.?|p\.?m\.?|y\.?b\.?|y\.?h\.?)(?![\w])"
    r"|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?:\s*(?:hrs|h)(?![\w]))?(?![\d:])"
    r"|(?P<h3>[01]?\d|2[0-3])\.(?P<mi3>00|30)(?:\s*(?:hrs|h)(?![\w]))?(?![\d.])"
    r"|(?P<h4>[01]\d|2[0-3])(?P<mi4>[0-5]\d)\s*(?:hrs|h)(?![\w])"
    r"|(?P<h5>\d{1,2})\s*(?:o'?clock|o\s+yr\s+gloch)"
    r"|(?P<noon>(?:12\s+)?noon|mid-?day|hanner\s+dydd|c?ganol\s+dydd)"
    r"|(?P<midnight>midnight|hanner\s+nos))(?![\w])"
)
_END_OF_DAY = re.compile(
    r"(?<![\w])(?:eod|cob|cop|eop|eob|end\s+of\s+(?:the\s+)?(?:working\s+|business\s+)?day|close\s+of\s+"
    r"(?:business|play)|end\s+of\s+(?:play|business)|diwedd\s+(?:y\s+)?(?:dydd|diwrnod)(?:\s+gwaith)?|"
    r"first\s+thing)(?![\w])"
)

_ASAP = re.compile(
    r"(?<![\w])(?:asap|a\.s\.a\.p|as\s+soon\s+as\s+(?:possible|practicable|practical|feasible|reasonably\s+"
    r"practicable|you\s+can|we\s+can|able|poss)|at\s+the\s+earliest\s+(?:opportunity|convenience)|"
    r"earliest\s+opportunity|urgent(?:ly)?|immediate(?:ly)?|straight\s*away|right\s+away|at\s+once|"
    r"without\s+delay|cyn\s+gynted\s+(?:a|ag|ac)\s+(?:phosibl|phosib|bosibl|y\s+bo\s+modd|bo\s+modd|"
    r"y\s+gellir|sy'n\s+bosibl|y\s+gallwch)|mor\s+fuan\s+(?:a|ag)\s+(?:phosibl|phosib|bosibl)|ar\s+unwaith|"
    r"ar\s+frys|brys|yn\s+syth|heb\s+oedi|yn\s+ddi-?oed|di-?oed)(?![\w])"
)
_NEXT_MEETING = re.compile(
    r"(?<![\w])(?:(?:next|following|subsequent|upcoming|coming)\s+(?:[\w'&-]+\s+){0,3}?(?:meetings?|session|"
    r"sitting|forum|board|committee|catch[\s-]?ups?|check[\s-]?ins?|call|huddle|1:1|one[\s-]to[\s-]one|"
    r"get[\s-]together)"
    r"|(?:c|g|ngh|ch)yfarfod(?:ydd)?\s+(?:[\w'&-]+\s+){0,3}?nesa(?:f)?"
    r"|(?:before|by|at|for|ahead\s+of|prior\s+to|until)\s+(?:the|our|this)\s+(?:[\w'&-]+\s+)?meeting"
    r"(?!\s+(?:on|in|of|at)(?![\w]))"
    r"|(?:cyn|erbyn|yn|tan|hyd|ar\s+gyfer)\s+(?:y|ein)\s+(?:c|g|ngh)yfarfod(?!\s+(?:ar|ym|yn|o)(?![\w]))"
    r"|next\s+time\s+we\s+meet|y\s+tro\s+nesaf)(?![\w])"
)
_ONGOING = re.compile(
    r"(?<![\w])(?:ongoing|on-going|on\s+going|in\s+due\s+course|as\s+required|as\s+needed|as\s+and\s+when|"
    r"as\s+appropriate|when\s+required|where\s+required|if\s+required|when\s+needed|continuous(?:ly)?|"
    r"continuing|continual(?:ly)?|rolling|routine|standing\s+(?:item|action)|regular(?:ly)?|permanent|"
    r"business\s+as\s+usual|bau|every\s+(?:week|month|meeting|quarter)|weekly|fortnightly|monthly|"
    r"quarterly|annually|yearly|no\s+end\s+date|maes\s+o\s+law|parhaus|yn\s+barhaus|barhaus|parhaol|"
    r"fel\s+y\s+bo\s+(?:angen|gofyn)|fel\s+bo\s+angen|yn\s+ol\s+yr\s+angen|pan\s+fo\s+angen|yn\s+rheolaidd|"
    r"rheolaidd|ar\s+y\s+gweill|wythnosol|misol|blynyddol|yn\s+flynyddol|"
    r"(?:bob|pob)\s+(?:wythnos|pythefnos|mis|chwarter|blwyddyn|tymor|cyfarfod))(?![\w])"
)
_TIME_WORDS = (
    r"(?:next(?![\w])|(?:the\s+)?(?:next\s+)?(?:week|month|year|quarter|day|fortnight|wythnos|mis|flwyddyn|"
    + _alt([*_EN_DAYS, *_CY_DAYS, "dydd", "ddydd"])
    + r")(?![\w]))"
)
_EVENT_CONDITION = re.compile(
    rf"(?<![\w])(?:after(?!\s+next(?![\w]))|(?:following|yn\s+dilyn)(?![\w])(?!\s+{_TIME_WORDS})"
    r"|(?:when|whenever|once|upon|pending|awaiting|subject\s+to|dependent\s+(?:on|upon)|"
    r"depending\s+on|depends\s+on|conditional\s+(?:on|upon)|contingent\s+(?:on|upon)|in\s+line\s+with|"
    r"alongside|as\s+part\s+of|at\s+the\s+time\s+of|pan|unwaith|ar\s+ol|yn\s+sgil|yn\s+amodol\s+ar|"
    r"yn\s+dibynnu\s+ar|gan\s+ddibynnu\s+ar|yn\s+ddibynnol\s+ar|ochr\s+yn\s+ochr\s+(?:a|ag)|fel\s+rhan\s+o)"
    r"|on\s+(?:the\s+)?(?:publication|receipt|completion|approval|agreement|confirmation|signature|sign-off|"
    r"launch|release|award|notification|delivery|return)"
    r"|(?:within|in|o\s+fewn|ymhen)\s+(?:\S+\s+)?(?:working\s+|business\s+)?(?:days?|weeks?|months?|fortnight|"
    r"wythnos|diwrnod|niwrnod|mis)\s+(?:of|after|following|from|ar\s+ol|wedi)(?!\s+(?:now|today|heddiw|nawr))"
    # "at a future meeting": some meeting, not the next one
    r"|(?:a|an|some|any)\s+(?:future|later|forthcoming|subsequent|further)\s+(?:[\w'&-]+\s+)?(?:meeting|session|"
    r"forum|board|committee)|future\s+meetings?|(?:c|g|ngh)yfarfod\s+(?:yn\s+y\s+dyfodol|i\s+ddod|diweddarach)"
    r"|^wedi)(?![\w])"
)
# "two weeks before the AGM": a time before an event (not before a date, the next meeting or an end). The time is
# not a bound: the event's date is not known.
_TIME_BEFORE_EVENT = re.compile(
    r"(?<![\w])(?:days?|weeks?|months?|fortnight|wythnos(?:au)?|diwrnod(?:au)?|mis(?:oedd)?)\s+"
    r"(?:before|ahead\s+of|prior\s+to|in\s+advance\s+of|cyn)\s+(?!\d)"
    r"(?!(?:the\s+|our\s+|this\s+|y\s+|yr\s+)?(?:next|following|end|start|beginning|nesaf|diwedd|dechrau)(?![\w]))"
    r"[\w'&-]+"
)
# Conditions phrased as a bound: "ahead of grant launch". Only where the words after them are not a date.
_EVENT_AHEAD = re.compile(
    r"(?<![\w])(?:ahead\s+of|in\s+advance\s+of|prior\s+to|in\s+time\s+for|mewn\s+pryd\s+(?:ar\s+gyfer|i))\s+\S"
)
_EVENT_NOUN = (
    r"(?:launch(?:es|ed)?|lansio|lansiad|publication|published|publish|cyhoeddi|cyhoeddiad|recess|toriad|"
    r"elections?|etholiad(?:au)?|summit|conference|cynhadledd|consultation|ymgynghoriad|go[\s-]live|"
    r"sign[\s-]?off|announcement|half[\s-]?term|hanner\s+tymor|(?:summer|easter|christmas)\s+(?:break|holidays?)|"
    r"gwyliau|shutdown|event|digwyddiad|workshop|gweithdy|inspection|arolygiad|plenary|debate|agm|egm|"
    r"annual\s+general\s+meeting|general\s+meeting|away\s*day|ccb|cyfarfod\s+cyffredinol(?:\s+blynyddol)?)"
)
# Words naming an event are a condition on their own ("Summer recess", "by the launch"); "by finance" is not.
_EVENT_NOUN_ALONE = re.compile(rf"(?<![\w]){_EVENT_NOUN}(?![\w])")
# Nouns that make a date read as an event's date ("Board on 3 April") when the words are not a plain date.
_EVENT_WITH_DATE = re.compile(
    rf"(?<![\w])(?:{_EVENT_NOUN}|board|committee|panel|forum|meeting|cyfarfod|bwrdd|pwyllgor|review|"
    r"adolygiad|deadline|submission|results|decision|penderfyniad|visit|ymweliad|audit)(?![\w])"
)
_AFTER_WORDS = re.compile(
    r"(?<![\w])(?:after|following|from|since|once|when|starting|pan|unwaith|ar\s+ol|wedi|yn\s+dilyn|o\s+(?!fewn))"
    r"(?![\w])"
)
_MODIFIER = re.compile(
    r"(?<![\w])(?:(?P<by>no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|by|until|till|til|up\s+to|erbyn|"
    r"tan|hyd\s+at|hyd|(?:d?dim\s+)?hwyrach\s+na|nlt|within|o\s+fewn)"
    r"|(?P<before>before|prior\s+to|ahead\s+of|in\s+advance\s+of|cyn)"
    r"|(?P<during>in|during|yn\s+ystod|ym|yng|throughout))(?![\w])"
)
# Words that may stand before a date without changing it ("Deadline: by approx. Friday").
_FILLERS = frozenset(
    """by before on or the a an and no not later than deadline deadlines due date dates target targeted
    approx approx. approximately around about roughly circa c. c ca. ca ideally hopefully latest at in during
    for until till til up to within sometime some time provisional provisionally tentative tentatively tbc tba
    tbd expected estimated est. eta planned aim aiming prior ahead of advance final hard soft is be will
    should must please pls - & + / next
    erbyn cyn ar tua yn ystod ym yng y yr o fewn hyd tan at dim ddim hwyrach na nag neu dyddiad cau targed
    disgwylir am i mewn ymhen likely probably possibly maybe perhaps extended revised new now agreed
    confirmed decided rhywbryd efallai bosibl posibl i'w gadarnhau gytuno benderfynu drefnu""".split()
)
# The dateparser fallback sees words only when every one of them could belong to a date: dateparser refuses
# words it does not know anyway, and asking it costs about a millisecond.
_DATE_WORD = re.compile(
    r"[\w/.:'-]*\d[\w/.:'-]*|"
    + "|".join(
        [
            _alt(_MONTHS),
            _alt(_CY_MONTH_ABBREVIATIONS),
            _alt(_EN_DAYS),
            _alt(_CY_DAYS),
            _NUMBERS,
            r"days?|weeks?|months?|years?|fortnights?|tomorrow|today|tonight|yesterday|hours?|noon|midnight",
            r"first|second|third|fourth|fifth|last|next|this|coming|from|now|of|dydd|ddydd|wythnos|mis|fis",
            r"diwrnod|niwrnod|blwyddyn|flwyddyn|yfory|heddiw|ddoe|nesaf|nesa|pythefnos|nawr|o|yma|hon|hwn",
        ]
    )
)
_DATE_HINT = re.compile(
    r"\d|(?<![\w])(?:"
    + "|".join([_alt(_MONTHS), _alt(_EN_DAYS), _alt(_CY_DAYS)])
    + r"|days?|weeks?|months?|fortnight|tomorrow|today|wythnos|mis|diwrnod|yfory|heddiw|pythefnos)(?![\w])"
)
