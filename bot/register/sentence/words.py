"""Word lists the sentence reader decides by: roles, words that start a deadline phrase, words that cannot be an
owner, participles of the passive. All folded (lower case, no accents), English and Welsh together: people mix them.
"""

from __future__ import annotations

# Roles minutes name as owners. A role stays a role (chased through its holders); anything else that reads as an
# owner and matches no one in the chat is kept as written (an organisation, "DARPL").
ROLES = frozenset(
    {
        "secretariat", "the secretariat", "ysgrifenyddiaeth", "yr ysgrifenyddiaeth", "secretary", "ysgrifennydd",
        "officials", "swyddogion", "wg officials", "welsh government officials", "swyddogion llywodraeth cymru",
        "welsh government", "llywodraeth cymru", "clerk", "the clerk", "clerc", "y clerc", "chair", "the chair",
        "cadeirydd", "y cadeirydd", "co-chairs", "cyd-gadeiryddion", "vice chair", "vice-chair", "is-gadeirydd",
        "treasurer", "trysorydd", "members", "all members", "aelodau", "pob aelod", "all", "pawb",
        "forum members", "aelodau'r fforwm", "the board", "y bwrdd", "the committee", "y pwyllgor", "trustees",
        "ymddiriedolwyr", "officers", "regional convenor", "director", "cyfarwyddwr", "chief executive",
        "prif weithredwr", "the team", "y tim", "staff",
    }
)  # fmt: skip
# Single words of roles, for owner words read one at a time ("Clerk", "Cadeirydd").
ROLE_WORDS = frozenset(
    """secretariat ysgrifenyddiaeth secretary ysgrifennydd officials swyddogion clerk clerc chair cadeirydd
    chairs co-chairs cyd-gadeiryddion vice-chair is-gadeirydd treasurer trysorydd members aelodau all pawb board
    bwrdd committee pwyllgor trustees ymddiriedolwyr officers convenor director cyfarwyddwr ceo staff team tim
    secretariaid chairperson chairman president llywydd member aelod convenor convener cynullydd lead leads
    officer swyddog manager rheolwr coordinator cydlynydd adviser advisor ymgynghorydd head pennaeth group grwp
    grŵp""".split()
)

# Words that open a deadline phrase wherever they stand in a sentence ("… by Friday to members").
STRONG_STARTS = frozenset(
    """by before until till til within no not erbyn cyn tan hyd ymhen asap a.s.a.p. a.s.a.p urgent urgently
    immediately ongoing on-going w/c w/b wc wb w/e w.c. w/commencing due deadline""".split()
)
# Words that open a deadline phrase only where the phrase runs to the end of its clause ("… report this spring"),
# or stands apart (after a dash or a comma, in brackets): mid-sentence they are usually the action's own words
# ("in the March report", "the next meeting in June").
WEAK_STARTS = frozenset(
    """in at on during over this next early mid late end start beginning today tomorrow tonight yfory heddiw
    heno fory ym yng bob pob later spring summer autumn winter gwanwyn haf hydref gaeaf q1 q2 q3 q4 h1 h2 fy
    every weekly fortnightly monthly quarterly annually yearly continuous continuously regularly routinely as
    week wythnos mewn yn ar maes parhaus fel misol wythnosol blynyddol dydd ddydd tbc tba tbd straight right
    two three four five six seven eight nine ten couple few""".split()
)
# What may follow a weak opening word for the words to be a deadline ("on 31 March", "in due course", "at the
# next meeting"); anything else makes it the action's own words ("on agenda for next meeting", "in Wales").
DATE_CONTINUATIONS = frozenset(
    """the a an y yr our its their due time advance or next this following future forthcoming early mid late end start
    beginning spring summer autumn winter gwanwyn haf hydref gaeaf q1 q2 q3 q4 h1 h2 fy receipt publication
    completion approval ystod dilyn amodol unwaith frys ol syth gynted law agm once pythefnos wythnos
    mis fis diwrnod two three four five six seven eight nine ten couple few dau dwy tri tair pedwar pump chwe
    week weeks month months year years quarter fortnight term day days meeting session financial calendar in
    nesaf ddechrau dechrau ddiwedd diwedd bob pob""".split()
)
# After "in the" / "at a" / "on y": what a deadline goes on with ("at the AGM", "in the spring", "on the 14th");
# anything else is the action's own words ("on the standard for publication").
AFTER_ARTICLE = frozenset(
    """next following future forthcoming end start beginning latest earliest new agm egm meeting board committee
    forum launch publication summer spring autumn winter gwanwyn haf hydref gaeaf week month year quarter day
    cyfarfod ystod diwedd dechrau flwyddyn wythnos mis few couple fortnight""".split()
)
# Words that make an opening word part of a verb phrase, not a deadline: "is following up", "was after".
AUXILIARIES = frozenset("is are was were be been being am has have had".split())
# Capitals that are someone's initials, not the little word they spell: "AT to update", "AS to circulate".
INITIALS_NOT_WORDS = frozenset({"at", "in", "on", "as", "by", "no", "to", "an", "or"})
# A sentence may open with a condition before its owner: "If not, James Farrar to act as teller".
CLAUSE_OPENERS = frozenset("if in when once where unless should following after as subject pending os pan".split())

# Words that open a condition: the phrase runs to the end of its clause ("when it is available").
CONDITION_STARTS = frozenset(
    """when once after following pending subject upon ahead prior awaiting depending dependent conditional pan
    unwaith ar-ol""".split()
)
# Two-word openings that open a deadline anywhere: "y tro nesaf" (next time).
STRONG_PAIRS = frozenset({("y", "tro")})
# Two-word openings whose first word alone says too little ("in due course", "as soon as", "ar ôl", "yn dilyn").
CONDITION_PAIRS = frozenset({("ar", "ol"), ("yn", "dilyn"), ("yn", "amodol"), ("in", "advance"), ("in", "time")})

# A bare start ("next", "this", "spring") after one of these belongs to the words before it: "to the next
# meeting", "of this year", "the summer programme".
BINDING_BEFORE = frozenset(
    """the a an to of for from with this that these those our their its his her my your y yr o i'r o'r i gyda
    a'r ei eu ein eich""".split()
)
# Words that may follow a deadline phrase in the middle of a sentence ("by Friday to members", "ASAP and report").
CONNECTIVES = frozenset(
    """and or to for with at on in via so then if as once when please ahead before after from into onto about a
    ac neu i ar yn gyda er fel os at o""".split()
)

# Words a sentence may open with that are never its owner ("Agreed to …", "Need to …", "Note: …").
NOT_OWNERS = frozenset(
    """how what when where why who which whether need needs needed want wants plan plans planned going try tries
    we i it this that there these those they you he she our their my your his her its agreed agree decided
    decision it's continue remember please also and but so then next work time able unable happy keen aim aims
    action actions note nb update updates deadline due owner re item minute minutes outcome outcomes agreement
    ask asked task tasks cam camau gweithred gweithredu nodyn cytunwyd penderfynwyd angen rhaid dylid mae roedd
    bydd the a an all any some each every more most other such no not none yes ok okay thanks thank hello hi
    today tomorrow tonight yesterday later now soon first second third finally meanwhile still just""".split()
)
# Verbs an action opens with ("Share the toolkit to members"): never an owner, whatever follows.
IMPERATIVES = frozenset(
    """write send share circulate arrange invite contact follow speak talk report reply respond forward email book
    provide prepare draft update check confirm organise organize liaise ask add review consider discuss look
    explore investigate seek set establish develop produce publish submit present raise feed link engage meet
    reach return go come bring take make give get put keep continue explain clarify find identify agree approve
    collate compile gather collect distribute notify inform advise remind chase schedule plan host run hold
    attend join set-up setup create build design test fix amend revise edit finalise finalize complete close
    open start launch promote publicise share circulate pass refer escalate request obtain secure source fund
    anfon rhannu trefnu gwahodd cysylltu ysgrifennu paratoi adolygu darparu cadarnhau diweddaru ystyried trafod
    cyhoeddi cyflwyno casglu dosbarthu hysbysu atgoffa cynnal mynychu creu cwblhau gofyn""".split()
)
# Adverbs between an owner and "to"/"will": "MP also to contact", "MP will also follow up".
OWNER_ADVERBS = frozenset("also then now still further again please therefore currently hefyd".split())
# Verbs that end the owner's words before "to" ("Members agreed to share" → Members).
OWNER_VERBS = frozenset(
    """agreed agree agrees offered offers volunteered volunteers undertook undertakes promised promises
    committed commits was were is are has have will would should shall must can could may might asked going
    plan plans intend intends aim aims expect expects hope hopes need needs""".split()
)
# Headings that end with a colon but are not owners ("Note: …", "Update: …").
NOT_OWNER_HEADINGS = NOT_OWNERS | frozenset(
    """background context summary discussion discussed purpose result results status progress comment comments
    question questions answer answers issue issues risk risks problem agenda apologies present attendees item
    items matters finance planning correspondence report reports budget nodiadau crynodeb trafodaeth cais
    ceisiadau eitem mater materion adroddiad cyllid cynllunio gohebiaeth""".split()
)

# "X to be <participle>": X is who it is done to, not who does it.
IRREGULAR_PARTICIPLES = frozenset(
    """sent told made given shown kept brought sought taught held met put set built done known seen written chosen
    paid sold found thought bought caught read run cut shut let hit spread led fed understood withdrawn drawn
    taken undertaken overtaken forgiven forgotten got gotten begun sung rung won spent lent left lost meant
    heard""".split()
)
# Welsh: "X i'w gwahodd", "X i gael eu gwahodd" (X to be invited).
WELSH_PASSIVE_OPENERS = (("i'w",), ("i", "gael"))

# Markers of an owner inside brackets or a segment: "(owner: Secretariat, by June)", "(lead: Clerk)".
OWNER_MARKERS = frozenset({"owner", "owners", "lead", "leads", "perchennog", "perchnogion", "arweinydd", "arwain"})
# Markers of a deadline: "due: Friday", "deadline: June", "dyddiad cau: Mehefin".
DEADLINE_MARKERS = (("due",), ("deadline",), ("dyddiad", "cau"), ("target", "date"), ("by", "when"))
# Words joining joint owners: "Chair and Secretary", "MW/YO", "Owen a Beth".
JOINERS = frozenset({"and", "&", "+", "a", "ac", "a'r"})
# Deadline words that say the date is not known yet: logged as written, flagged "not understood as a date".
TO_BE_CONFIRMED = frozenset({"tbc", "tba", "tbd", "i'w gadarnhau", "i'w gytuno", "to be confirmed", "to be agreed"})
