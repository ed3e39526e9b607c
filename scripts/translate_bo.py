"""Writes translations/bo/LC_MESSAGES/messages.po from translations/messages.pot and the table below.

Run after `pybabel extract -F babel.cfg -o translations/messages.pot --no-location --omit-header .`;
every msgid must have a Tibetan text here (the script fails listing the missing ones, the ones whose
%(name)s placeholders differ and the ones with no Tibetan letter or with Chinese characters in them).

Standard written Tibetan as used in Chamdo and Lhasa. Conventions: short labels (buttons, column heads,
statuses) carry no final shad; sentences end with ། (none after ག, as usual); Arabic numbers and
placeholders are set off by spaces; codes (DNS, DNF, DQ, Q, q, QR, LED) stay as they are.
Terms used throughout: judge ཐག་གཅོད་པ, entry (contestant) འགྲན་ཞུགས་པ, player རྩེད་མོ་བ, stage འགྲན་རིམ,
event རྣམ་གྲངས, heat ཚན་པ / ཚན་ཁག, mark སྐར་མ, points (table) བསགས་སྐར, result གྲུབ་འབྲས, rank གོ་རིམ,
recorder ཐོ་འགོད་པ, scorekeeper སྐར་ཐོ་འགོད་པ, organizer གྲ་སྒྲིག་པ, screen བརྙན་ཡོལ, tablet ལེབ་གྲུ་གློག་ཀླད.
"""
import re

from catalog import write_catalog

BO = {
    # judged events: boards, phones and the judges' tablets
    "Live": "ཐད་གཏོང", "Offline · reconnecting": "དྲ་རྒྱ་ཆད · བསྐྱར་དུ་མཐུད་བཞིན་པ",
    "Connecting…": "འབྲེལ་མཐུད་བྱེད་བཞིན་པ…", "Final": "མཐའ་མ", "Provisional": "གནས་སྐབས",
    "Tie-break: mean of all judges": "སྐར་མ་མཉམ་ཚེ་ཆ་སྙོམས་བསྡུར",
    "Tie-break: highest judge total": "སྐར་མ་མཉམ་ཚེ་སྡོམ་གྲངས་མཐོ་ཤོས་བསྡུར",
    "Tie-break: criterion score": "སྐར་མ་མཉམ་ཚེ་དཔྱད་གཞིའི་སྐར་མ་བསྡུར",
    "Tie-break: %(step)s": "སྐར་མ་མཉམ་ཚེ་ %(step)s བསྡུར", "Shared rank": "གོ་རིམ་མཉམ",
    "Deduction %(amount)s": "སྐར་མ་བཅད་ %(amount)s", "Marks in: %(n)s/%(count)s": "སྐར་མ་ཕུལ་ཟིན་ %(n)s/%(count)s",
    "No. %(order)s": "ཨང་ %(order)s", "Now performing": "ད་ལྟ་འགྲན་བཞིན་པ",
    "Waiting for the first entry": "འགྲན་ཞུགས་པ་དང་པོར་སྒུག་བཞིན་པ", "Mark in": "སྐར་མ་ཕུལ་ཟིན",
    "Waiting for mark": "སྐར་མ་སྒུག་བཞིན་པ", "Dropped": "མི་རྩིས", "Page %(page)s/%(pages)s": "ཤོག་ངོས་ %(page)s/%(pages)s",
    "Unknown stage": "འགྲན་རིམ་འདི་མི་འདུག", "%(n)s ranked": "གོ་རིམ་བཀོད་ཟིན་ %(n)s",
    "Updated %(time)s": "གསར་སྒྱུར་ %(time)s",
    "Live scores": "དུས་ཐོག་གྲུབ་འབྲས", "Scan for live scores": "བཤར་འབེབས་བྱས་ནས་དུས་ཐོག་གྲུབ་འབྲས་ལྟ",
    "Ranking": "གོ་རིམ་ཐོ", "No scores yet": "ད་དུང་གྲུབ་འབྲས་མེད",
    "Judge tablet": "ཐག་གཅོད་པའི་ལེབ་གྲུ་གློག་ཀླད", "Connected": "འབྲེལ་མཐུད་ཟིན",
    "Offline, reconnecting": "དྲ་རྒྱ་ཆད། བསྐྱར་དུ་མཐུད་བཞིན་པ", "Connecting": "འབྲེལ་མཐུད་བྱེད་བཞིན་པ",
    "This login is not valid. Scan your QR code again.":
        "ཐོ་འཇུག་འདི་ནུས་མེད་རེད། ཁྱེད་ཀྱི་ QR ཨང་བསྐྱར་དུ་བཤར་འབེབས་གནང་།",
    "Waiting for the chief judge to call the first entry": "ཐག་གཅོད་པ་གཙོ་བོས་འགྲན་ཞུགས་པ་དང་པོ་འབོད་པར་སྒུག་བཞིན་པ",
    "Your total": "ཁྱེད་ཀྱི་སྡོམ་གྲངས", "Submit marks": "སྐར་མ་འབུལ", "Panel": "ཐག་གཅོད་ཚོ་ཆུང",
    "Lock entry": "ཟྭ་རྒྱག", "Unlock": "ཟྭ་འབྱེད", "Call next entry": "རྗེས་མ་འབོད",
    "Running order": "ཐོན་རིམ", "Saved · revision %(n)s": "ཉར་ཚགས་ཟིན · བཅོས་ཐེངས་ %(n)s",
    "Locked by the chief judge": "ཐག་གཅོད་པ་གཙོ་བོས་ཟྭ་བརྒྱབ་ཟིན", "On stage": "སྟེགས་ཐོག",
    "Marked": "སྐར་མ་ཕུལ་ཟིན", "Locked": "ཟྭ་བརྒྱབ་ཟིན", "Check the highlighted marks": "མདོག་གིས་མཚོན་པའི་སྐར་མ་ཞིབ་བཤེར་གནང",
    "Between %(min)s and %(max)s, in steps of %(step)s": "%(min)s ནས་ %(max)s བར། རིམ་པ་རེར་ %(step)s",
    "Done": "ལེགས་གྲུབ", "far from the others": "གཞན་དང་ཁྱད་པར་ཆེ", "waiting": "སྒུག་བཞིན",
    "Lock this entry? Its result becomes final.": "འགྲན་ཞུགས་པ་འདི་ཟྭ་རྒྱག་གམ། དེའི་གྲུབ་འབྲས་མཐའ་མར་འགྱུར།",
    "This entry is not in your stage.": "འགྲན་ཞུགས་པ་འདི་ཁྱེད་ཀྱི་འགྲན་རིམ་ནང་མི་འདུག",
    "Unknown entry.": "འགྲན་ཞུགས་པ་འདི་མི་འདུག", "Unknown criterion.": "དཔྱད་གཞི་འདི་མི་འདུག",
    "Every criterion needs a mark.": "དཔྱད་གཞི་རེ་རེར་སྐར་མ་སྤྲོད་དགོས།", "A mark is not a number.": "སྐར་མ་ཞིག་ཨང་གྲངས་མིན།",
    "A mark is out of range.": "སྐར་མ་ཞིག་ཚད་ལས་བརྒལ་འདུག", "A mark is not in the allowed steps.": "སྐར་མ་ཞིག་ཆོག་པའི་རིམ་པ་དང་མི་མཐུན།",
    "This entry is locked.": "འགྲན་ཞུགས་པ་འདིའི་གྲུབ་འབྲས་ཟྭ་བརྒྱབ་ཟིན།", "Too much data.": "གཞི་གྲངས་མང་དྲགས་འདུག",
    "Not every judge has marked this entry yet.": "ཐག་གཅོད་པ་ཚང་མས་ད་དུང་སྐར་མ་ཕུལ་མེད།",
    "The running order is finished.": "ཐོན་རིམ་མཇུག་རྫོགས་སོང་།",
    "Only the chief judge can do this.": "ཐག་གཅོད་པ་གཙོ་བོ་ཁོ་ནས་བྱེད་ཆོག",
    # league and knockout events: tables, brackets and the scorekeeper's console
    "Tie-break: points": "སྐར་མ་མཉམ་ཚེ་བསགས་སྐར་བསྡུར", "Tie-break: score difference": "སྐར་མ་མཉམ་ཚེ་སྐར་ཁྱད་བསྡུར",
    "Tie-break: scored": "སྐར་མ་མཉམ་ཚེ་ཐོབ་སྐར་བསྡུར", "Tie-break: wins": "སྐར་མ་མཉམ་ཚེ་རྒྱལ་ཐེངས་བསྡུར",
    "Tie-break: head-to-head points": "སྐར་མ་མཉམ་ཚེ་ཕན་ཚུན་བསགས་སྐར་བསྡུར",
    "Tie-break: head-to-head difference": "སྐར་མ་མཉམ་ཚེ་ཕན་ཚུན་སྐར་ཁྱད་བསྡུར",
    "Tie-break: head-to-head scored": "སྐར་མ་མཉམ་ཚེ་ཕན་ཚུན་ཐོབ་སྐར་བསྡུར",
    "Tie-break: head-to-head wins": "སྐར་མ་མཉམ་ཚེ་ཕན་ཚུན་རྒྱལ་ཐེངས་བསྡུར",
    "Tie-break: fair play": "སྐར་མ་མཉམ་ཚེ་སྤྱོད་བཟང་སྐར་མ་བསྡུར",
    "Tie-break: drawing of lots": "སྐར་མ་མཉམ་ཚེ་རྒྱན་རིལ་གྱིས་ཐག་གཅོད", "Lots to be drawn": "རྒྱན་རིལ་སྒྲིལ་དགོས",
    "Group %(group)s": "ཚོ་ཆུང་ %(group)s", "Standings": "བསགས་སྐར་རེའུ་མིག",
    "Pld": "འགྲན", "W": "རྒྱལ", "D": "མཉམ", "L": "ཕམ", "+/-": "སྐར་ཁྱད", "Pts": "བསགས་སྐར",
    "Round %(n)s": "སྐོར་ %(n)s པ", "Round of %(n)s": "སྔ་མ་ %(n)s འགྲན་བསྡུར", "Quarter-finals": "བཞི་ཆའི་མཐའ་འགྲན",
    "Semi-finals": "ཕྱེད་མཐའ་འགྲན", "Final match": "མཐའ་འགྲན", "Third-place match": "ཨང་གསུམ་པའི་འགྲན་བསྡུར",
    "First half": "སྟོད་ཚན", "Second half": "སྨད་ཚན", "Extra time %(n)s": "དུས་འཕར་ %(n)s པ",
    "Quarter %(n)s": "དུས་ཚན་ %(n)s པ", "Overtime %(n)s": "དུས་འཕར་ %(n)s", "Pull %(n)s": "ཐེངས་ %(n)s པ",
    "Period %(n)s": "དུས་ཚན་ %(n)s པ", "Half time": "བར་མཚམས་ངལ་གསོ", "End of %(period)s": "%(period)s མཇུག་རྫོགས",
    "Full time": "འགྲན་བསྡུར་མཇུག་རྫོགས", "Not started": "འགོ་མ་ཚུགས", "Postponed": "དུས་འགྱངས",
    "Forfeit": "བློས་བཏང", "In play": "འགྲན་བཞིན་པ", "Penalty shoot-out": "ཆད་རྡོག་འགྲན་བསྡུར",
    "Penalties %(home)s:%(away)s": "ཆད་རྡོག %(home)s:%(away)s", "Clock paused": "དུས་ཚོད་མཚམས་བཞག",
    "Goal!": "རྡོག་ཐོབ་བྱུང་།", "%(n)s points": "སྐར་མ་ %(n)s", "Free throw": "ཆད་འཕེན་ཐོབ", "Pull won": "ཐེངས་འདི་རྒྱལ",
    "Score": "སྐར་མ་ཐོབ", "Yellow card": "བྱང་བུ་སེར་པོ", "Red card": "བྱང་བུ་དམར་པོ", "Foul": "སྒྲིག་འགལ",
    "Substitution": "མི་བརྗེ", "Start of %(period)s": "%(period)s འགོ་ཚུགས", "Play resumed": "འགྲན་བསྡུར་མུ་མཐུད",
    "Penalty scored": "ཆད་རྡོག་ཐོབ", "Penalty missed": "ཆད་རྡོག་ཤོར", "No. %(number)s %(name)s": "ཨང་ %(number)s %(name)s",
    "Winner of %(match)s": "%(match)s ནང་གི་རྒྱལ་མཁན", "Loser of %(match)s": "%(match)s ནང་གི་ཕམ་མཁན",
    "To be decided": "ཐག་མ་ཆོད", "vs": "ཁ་གཏད", "Latest results": "གྲུབ་འབྲས་གསར་ཤོས",
    "Next matches": "རྗེས་མའི་འགྲན་བསྡུར", "Also in play": "དུས་མཉམ་འགྲན་བཞིན་པ", "No matches yet": "ད་དུང་འགྲན་བསྡུར་མེད",
    "Knockout bracket": "ཕྱིར་འབུད་འགྲན་བསྡུར་ཁ་གཏད་རེའུ་མིག",
    "Scorekeeper": "སྐར་ཐོ་འགོད་པ", "Chief scorekeeper": "སྐར་ཐོ་འགོད་པ་གཙོ་བོ", "Fixtures": "འགྲན་བསྡུར་ལས་རིམ",
    "Start period": "དུས་ཚན་འགོ་འཛུགས", "Pause": "མཚམས་འཇོག", "Resume": "མུ་མཐུད", "End period": "དུས་ཚན་མཇུག་སྒྲིལ",
    "End match": "འགྲན་བསྡུར་མཇུག་སྒྲིལ", "Undo last": "གོམ་པ་སྔ་མ་ཕྱིར་ལྡོག",
    "Line-ups (before kick-off)": "འགོ་ཚུགས་མིང་ཐོ (འགོ་རྡོག་གོང)", "Player unknown": "རྩེད་མོ་བ་ངེས་མེད",
    "Goal": "རྡོག་ཐོབ", "+%(n)s": "+%(n)s",
    "End the match? The result counts in the table.": "འགྲན་བསྡུར་མཇུག་སྒྲིལ་ལམ། གྲུབ་འབྲས་བསགས་སྐར་རེའུ་མིག་ཏུ་རྩིས་རྒྱུ་ཡིན།",
    "Who scored?": "སྐར་མ་ཐོབ་མཁན་སུ་ཡིན།", "Which player?": "རྩེད་མོ་བ་གང་ཡིན།",
    "Player going off": "ཕྱིར་ཐོན་པའི་རྩེད་མོ་བ", "Player coming on": "ནང་འཛུལ་བའི་རྩེད་མོ་བ",
    "Save line-up": "མིང་ཐོ་ཉར་ཚགས", "Starts": "འགོ་ཚུགས", "Named": "ཐོ་བཀོད", "Kick-off": "འགོ་རྡོག",
    "Clock running": "དུས་ཚོད་འགྲོ་བཞིན", "End of period": "དུས་ཚན་མཇུག་རྫོགས", "Penalty": "ཆད་རྡོག",
    "The match has not started.": "འགྲན་བསྡུར་འགོ་མ་ཚུགས།", "The match is over.": "འགྲན་བསྡུར་མཇུག་རྫོགས་ཟིན།",
    "Not now: check the clock and period.": "ད་ལྟ་མི་ཆོག དུས་ཚོད་དང་དུས་ཚན་ཞིབ་བཤེར་གནང་།",
    "Not a valid score.": "སྐར་མ་ནུས་མེད།", "That score is not plausible.": "སྐར་གྲངས་འདི་འཐད་མི་འདུག",
    "Unknown player.": "རྩེད་མོ་བ་འདི་མི་འདུག", "That player is not on the field.": "རྩེད་མོ་བ་དེ་རྩེད་ཐང་ནང་མི་འདུག",
    "That player has been sent off.": "རྩེད་མོ་བ་དེ་ཕྱིར་བསྐྲད་ཟིན།",
    "Too many players from outside the village.": "གྲོང་གཞན་གྱི་རྩེད་མོ་བ་ཚད་ལས་བརྒལ་འདུག",
    "This match cannot end level.": "འགྲན་བསྡུར་འདི་མཉམ་དུ་མཇུག་སྒྲིལ་མི་ཆོག", "Nothing to undo.": "ཕྱིར་ལྡོག་རྒྱུ་མེད།",
    "Unknown fixture.": "འགྲན་བསྡུར་འདི་མི་འདུག", "Not your stage.": "ཁྱེད་ཀྱི་འགན་འཁྲི་འགྲན་རིམ་མིན།",
    # measured events: boards, phones and the recorder's console
    "Tie-break: second-best attempt": "གྲུབ་འབྲས་མཉམ་ཚེ་ལེགས་རིམ་གཉིས་པ་བསྡུར",
    "Tie-break: placing at the finish": "གྲུབ་འབྲས་མཉམ་ཚེ་མཐའ་མཚམས་སུ་སླེབ་རིམ་བསྡུར",
    "Tie-break: countback": "གྲུབ་འབྲས་མཉམ་ཚེ་ལེགས་ཤོས་ཀྱི་ཐེངས་གྲངས་བསྡུར", "Running": "བྱེད་བཞིན་པ",
    "Results coming in": "གྲུབ་འབྲས་འགོད་བཞིན་པ", "Every result in": "གྲུབ་འབྲས་ཚང་ཟིན", "Confirmed": "གཏན་འཁེལ་ཟིན",
    "Time left": "ལྷག་མའི་དུས་ཚོད", "Time is up": "དུས་ཚོད་ཚང་སོང", "Starts in": "འགོ་འཛུགས་པའི་བར",
    "Time": "དུས་ཚོད", "Latest result": "གྲུབ་འབྲས་གསར་ཤོས", "Corrected result": "བཅོས་ཟིན་པའི་གྲུབ་འབྲས",
    "Q: qualified by place": "Q: གོ་རིམ་ལྟར་རིམ་འཕར", "q: qualified on time": "q: གྲུབ་འབྲས་ལྟར་རིམ་འཕར",
    "The start list is drawn from the heats": "མཐའ་འགྲན་གྱི་མིང་ཐོ་ཚན་ཁག་གི་གྲུབ་འབྲས་ལས་འདོན", "Heats": "ཚན་ཁག",
    "Chief recorder": "ཐོ་འགོད་པ་གཙོ་བོ", "Recorder": "ཐོ་འགོད་པ",
    "Draw the start list from the heats": "ཚན་ཁག་གི་གྲུབ་འབྲས་ལས་མཐའ་འགྲན་མིང་ཐོ་འདོན",
    "Start (gun)": "འགོ་འཛུགས (མེ་མདའ)", "Stop clock": "དུས་ཚོད་བཀག", "False start: reset": "སྔོན་རྒྱུག: བསྐྱར་སྒྲིག",
    "Lane": "ལམ", "Entry": "འགྲན་ཞུགས་པ", "Attempts": "ཐེངས་རེའི་གྲུབ་འབྲས", "Record": "འགོད", "Result": "གྲུབ་འབྲས",
    "Rank": "གོ་རིམ", "Finish": "མཐའ་མཚམས", "Order of arrival": "སླེབ་རིམ", "Clear": "གཙང་སེལ",
    "Save the order of arrival": "སླེབ་རིམ་ཉར་ཚགས", "Confirm this heat": "ཚན་པ་འདི་གཏན་འཁེལ",
    "Reopen for a correction": "བཅོས་སྒྲིག་ཆེད་བསྐྱར་དུ་ཁ་ཕྱེ", "New result": "གྲུབ་འབྲས་གསར་པ",
    "Reason (recorded in the audit log)": "རྒྱུ་མཚན (ཞིབ་བཤེར་ཟིན་ཐོར་འགོད)", "Save": "ཉར་ཚགས", "Cancel": "ཕྱིར་འཐེན",
    "Sending…": "སྐུར་བཞིན་པ…", "Offline: will send when reconnected": "དྲ་རྒྱ་ཆད། བསྐྱར་མཐུད་རྗེས་རང་འགུལ་གྱིས་སྐུར",
    "Saved": "ཉར་ཚགས་ཟིན", "Watch %(n)s": "ཆུ་ཚོད་ %(n)s", "e.g. 1:05.3 or 65.3": "དཔེར་ན། 1:05.3 ཡང་ན 65.3",
    "Correct attempt %(n)s of %(name)s": "%(name)s: ཐེངས་ %(n)s པའི་གྲུབ་འབྲས་བཅོས",
    "%(status)s for %(name)s": "%(name)s: %(status)s", "Reopen %(heat)s": "%(heat)s བསྐྱར་དུ་ཁ་ཕྱེ",
    "Confirm the results of %(heat)s? They become final.":
        "%(heat)s གྲུབ་འབྲས་གཏན་འཁེལ་བྱེད་དམ། གཏན་འཁེལ་རྗེས་མཐའ་མའི་གྲུབ་འབྲས་སུ་འགྱུར།",
    "Status…": "གནས་སྟངས…", "No mark (failed attempt)": "གྲུབ་འབྲས་མེད (ཐེངས་འདི་ཕམ)",
    "DNS · did not start": "DNS · འགོ་མ་ཚུགས", "DNF · did not finish": "DNF · མཐའ་མཚམས་སུ་མ་སླེབ",
    "DQ · disqualified": "DQ · ཐོབ་ཐང་མེད་པར་བཟོས",
    "This final's start list is drawn from the heats of %(stage)s once they are all confirmed.":
        "%(stage)s ཚན་ཁག་ཚང་མའི་གྲུབ་འབྲས་གཏན་འཁེལ་རྗེས། མཐའ་འགྲན་འདིའི་མིང་ཐོ་དེ་ལས་འདོན་རྒྱུ་ཡིན།",
    "Not a number.": "ཨང་གྲངས་མིན།", "Out of range.": "ཚད་ལས་བརྒལ་འདུག",
    "More precise than the event's resolution.": "རྣམ་གྲངས་འདིའི་ཚད་འཇལ་ཞིབ་ཚད་ལས་བརྒལ་འདུག",
    "No attempts left.": "ཐེངས་གྲངས་ལྷག་མ་མེད།", "Unknown status.": "གནས་སྟངས་འདི་ངོ་མ་ཤེས།",
    "Already recorded: correct it instead.": "བཀོད་ཟིན། བཅོས་སྒྲིག་བྱེད་རོགས།",
    "Not now (check the clock and the attempts before).": "ད་ལྟ་མི་ཆོག (དུས་ཚོད་དང་སྔོན་གྱི་གྲུབ་འབྲས་ཞིབ་བཤེར་གནང་)",
    "Nothing recorded to correct.": "བཅོས་རྒྱུའི་གྲུབ་འབྲས་མེད།", "Give a reason.": "རྒྱུ་མཚན་འགོད་རོགས།",
    "This heat is confirmed.": "ཚན་པ་འདིའི་གྲུབ་འབྲས་གཏན་འཁེལ་ཟིན།", "Results are missing.": "གྲུབ་འབྲས་མ་ཚང་།",
    "Not in this start list.": "མིང་ཐོ་འདིའི་ནང་མི་འདུག",
    "Only the chief recorder can do this.": "ཐོ་འགོད་པ་གཙོ་བོ་ཁོ་ནས་བྱེད་ཆོག",
    "The heats are not all confirmed.": "ཚན་ཁག་ཚང་མ་གཏན་འཁེལ་བྱས་མེད།",
    "A tie at the qualifying cut: the organizer decides.": "རིམ་འཕར་ཚད་ཐིག་ཐོག་གྲུབ་འབྲས་མཉམ་འདུག གྲ་སྒྲིག་པས་ཐག་གཅོད་རྒྱུ།",
    "The final's start list is already drawn.": "མཐའ་འགྲན་གྱི་མིང་ཐོ་བཏོན་ཟིན།",
    "This heat is not confirmed.": "ཚན་པ་འདི་གཏན་འཁེལ་བྱས་མེད།",
    # screens, QR sheets and the organizer's console
    "Screens": "བརྙན་ཡོལ", "Organizer console": "གྲ་སྒྲིག་པའི་ཚོད་འཛིན་སྟེགས", "Judges' QR sheet": "ཐག་གཅོད་པའི་ QR ཨང་ཤོག་བུ",
    "Officials' QR sheet": "ཐག་གཅོད་ལས་བྱེད་པའི་ QR ཨང་ཤོག་བུ",
    "Print this sheet and cut it up; each judge scans their own code with the tablet camera. Keep it private: a code is a login.":
        "ཤོག་བུ་འདི་པར་འདེབས་བྱས་ནས་དུམ་བུར་གཅོད། ཐག་གཅོད་པ་རེ་རེས་ལེབ་གྲུ་གློག་ཀླད་ཀྱི་པར་ཆས་ཀྱིས་རང་གི་ QR ཨང་བཤར་འབེབས་བྱེད། "
        "QR ཨང་ནི་ཐོ་འཇུག་ལག་འཁྱེར་ཡིན་པས་གསང་བར་ཉར་རོགས།",
    "Print this sheet; each scorekeeper scans their own code with the tablet or laptop camera. Keep it private: a code is a login.":
        "ཤོག་བུ་འདི་པར་འདེབས་གནང་། སྐར་ཐོ་འགོད་པ་རེ་རེས་ལེབ་གྲུ་གློག་ཀླད་དམ་བསྣམས་ཁྱེར་གློག་ཀླད་ཀྱི་པར་ཆས་ཀྱིས་རང་གི་ QR ཨང་བཤར་འབེབས་བྱེད། "
        "QR ཨང་ནི་ཐོ་འཇུག་ལག་འཁྱེར་ཡིན་པས་གསང་བར་ཉར་རོགས།",
    "Print this sheet; each recorder (timekeeper, measurer) scans their own code with the tablet camera. Keep it private: a code is a login.":
        "ཤོག་བུ་འདི་པར་འདེབས་གནང་། ཐོ་འགོད་པ་ (དུས་ཚོད་ཚད་འཛིན་པ་དང་ཚད་འཇལ་བ) རེ་རེས་ལེབ་གྲུ་གློག་ཀླད་ཀྱི་པར་ཆས་ཀྱིས་རང་གི་ QR ཨང་བཤར་འབེབས་བྱེད། "
        "QR ཨང་ནི་ཐོ་འཇུག་ལག་འཁྱེར་ཡིན་པས་གསང་བར་ཉར་རོགས།",
    "Print": "པར་འདེབས", "Chief judge": "ཐག་གཅོད་པ་གཙོ་བོ", "Category": "རིགས", "Event": "རྣམ་གྲངས", "Stage": "འགྲན་རིམ",
    "Entries": "འགྲན་ཞུགས་པ", "Judges": "ཐག་གཅོད་པ", "Screens and sheets": "བརྙན་ཡོལ་དང་ཤོག་བུ",
    "LED board": "LED བརྙན་ཡོལ་ཆེན་མོ", "Spectators' page": "ལྟད་མོ་བའི་ཤོག་ངོས",
    "No stages yet. Load a competition file with: podium load FILE":
        "ད་དུང་འགྲན་རིམ་མེད། བཀའ་ཚིག་འདིས་འགྲན་བསྡུར་ཡིག་ཆ་ནང་འདྲེན་གནང་། podium load ཡིག་ཆ",
    "Open a board on the LED wall; spectators scan the QR code with their phones.":
        "LED བརྙན་ཡོལ་ཐོག་གྲུབ་འབྲས་ཤོག་ངོས་ཁ་ཕྱེ། ལྟད་མོ་བས་ཁ་པར་གྱིས་ QR ཨང་བཤར་འབེབས་བྱས་ནས་ལྟ་ཆོག",
    "Open the LED board": "བརྙན་ཡོལ་ཆེན་མོར་ལྟ",
    # organizer accounts
    "Wrong username or password.": "སྤྱོད་མཁན་གྱི་མིང་ངམ་གསང་ཨང་ནོར་འདུག", "Log out": "ཐོ་འབུད",
    "Organizer login": "གྲ་སྒྲིག་པ་ཐོ་འཇུག", "Username": "སྤྱོད་མཁན་གྱི་མིང", "Password": "གསང་ཨང", "Log in": "ཐོ་འཇུག",
    # campaign set-up, tiers, venues, the schedule and awards in the organizer's console
    "Campaign": "བྱེད་སྒོ", "New campaign": "བྱེད་སྒོ་གསར་པ", "Campaign set-up": "བྱེད་སྒོའི་སྒྲིག་འགོད",
    "New campaign from the festival template": "དུས་ཆེན་གྱི་དཔེ་གཞི་ལས་བྱེད་སྒོ་གསར་འཛུགས",
    "Create the campaign": "བྱེད་སྒོ་གསར་འཛུགས", "Back to the campaign": "བྱེད་སྒོར་ཕྱིར་ལོག",
    "Short code (starts every stage key)": "ཨང་རྟགས་ཐུང་ངུ (འགྲན་རིམ་ཨང་རྟགས་ཚང་མའི་ཐོག་མ)", "County": "རྫོང",
    "Township": "ཤང་གྲོང", "Village": "གྲོང་ཚོ", "Unit": "སྡེ་ཚན", "Units": "སྡེ་ཚན",
    "Townships and their villages, one township per line: 硕督镇：达翁村、查瓦村":
        "ཤང་གྲོང་དང་དེའི་གྲོང་ཚོ། ཐིག་ཕྲེང་རེར་ཤང་གྲོང་གཅིག: 硕督镇：达翁村、查瓦村",
    "Judged and measured events: village preliminaries, then township rounds, then the county final. "
    "Matches are played in one county stage.":
        "སྐར་འཇོག་དང་ཚད་འཇལ་གྱི་རྣམ་གྲངས: གྲོང་ཚོའི་སྔོན་འགྲན། དེ་རྗེས་ཤང་གྲོང་གི་འགྲན་བསྡུར། མཐར་རྫོང་གི་མཐའ་འགྲན། "
        "ཁ་གཏད་འགྲན་བསྡུར་ནི་རྫོང་གི་འགྲན་རིམ་གཅིག་ཏུ་འཚོགས།",
    "From each village stage, the top": "གྲོང་ཚོའི་འགྲན་རིམ་རེ་རེ་ནས་གོ་རིམ་སྔ་མ",
    "go on to the township round": "ཤང་གྲོང་གི་འགྲན་བསྡུར་ལ་རིམ་འཕར",
    "From each township round, the top": "ཤང་གྲོང་གི་འགྲན་བསྡུར་རེ་རེ་ནས་གོ་རིམ་སྔ་མ",
    "go on to the county final": "རྫོང་གི་མཐའ་འགྲན་ལ་རིམ་འཕར", "Judges per panel": "ཚོ་ཆུང་རེའི་ཐག་གཅོད་པའི་གྲངས",
    "judged": "སྐར་འཇོག", "match": "ཁ་གཏད", "measured": "ཚད་འཇལ",
    "Give the campaign's name.": "བྱེད་སྒོའི་མིང་འགོད་རོགས།", "Give the county's name.": "རྫོང་གི་མིང་འགོད་རོགས།",
    "Choose at least one event.": "ཉུང་མཐར་རྣམ་གྲངས་གཅིག་འདེམས་རོགས།", "List at least one township.": "ཉུང་མཐར་ཤང་གྲོང་གཅིག་འགོད་རོགས།",
    "Line %(n)s: a township name (and village names) of 1 to 200 characters.":
        "ཐིག་ཕྲེང་ %(n)s པ: ཤང་གྲོང་གི་མིང་ (དང་གྲོང་ཚོའི་མིང་) ཡིག་འབྲུ་ 1 ནས་ 200 བར་དགོས།",
    "Line %(n)s: %(name)s is listed twice.": "ཐིག་ཕྲེང་ %(n)s པ: %(name)s ཐེངས་གཉིས་བཀོད་འདུག",
    "Line %(n)s: a village is listed twice.": "ཐིག་ཕྲེང་ %(n)s པ: གྲོང་ཚོ་ཞིག་ཐེངས་གཉིས་བཀོད་འདུག",
    "The short code must be 1 to 20 letters, digits, '-' or '_' (it starts every stage's key).":
        "ཨང་རྟགས་ཐུང་ངུ་ནི་དབྱིན་ཡིག་དང་ཨང་གྲངས། '-' དང་ '_' བཅས་ཡིག་འབྲུ་ 1 ནས་ 20 བར་དགོས། (འགྲན་རིམ་ཨང་རྟགས་ཚང་མའི་ཐོག་མ་ཡིན)",
    "%(field)s: a whole number from %(low)s to %(high)s.": "%(field)s: %(low)s ནས་ %(high)s བར་གྱི་ཧྲིལ་གྲངས།",
    "Setting up the campaign is for a campaign organizer.": "བྱེད་སྒོ་གསར་འཛུགས་ནི་བྱེད་སྒོའི་གྲ་སྒྲིག་པའི་ལས་ཡིན།",
    "Your login belongs to one campaign; ask the bootstrap organizer to make a new one.":
        "ཁྱེད་ཀྱི་ཐོ་འཇུག་ནི་བྱེད་སྒོ་གཅིག་གི་ཡིན། བྱེད་སྒོ་གསར་པ་དགོས་ན་ཐོག་མའི་གྲ་སྒྲིག་པར་ཞུ་རོགས།",
    "Campaign %(name)s set up.": "བྱེད་སྒོ་ %(name)s གསར་འཛུགས་ཟིན།",
    "Add a unit under": "གཤམ་གྱི་འོག་ཏུ་སྡེ་ཚན་གསར་སྣོན", "Name": "མིང", "Name in Tibetan": "བོད་ཡིག་གི་མིང",
    "Tibetan name": "བོད་ཡིག་མིང", "Add": "སྣོན", "A unit's name must be 1 to 200 characters.": "སྡེ་ཚན་གྱི་མིང་ནི་ཡིག་འབྲུ་ 1 ནས་ 200 བར་དགོས།",
    "%(name)s is already under %(parent)s.": "%(name)s ནི་ %(parent)s འོག་ཏུ་ཡོད་ཟིན།",
    "%(name)s added under %(parent)s.": "%(name)s ནི་ %(parent)s འོག་ཏུ་བསྣན་ཟིན།",
    "Events": "རྣམ་གྲངས", "Stages": "འགྲན་རིམ", "Tier": "རིམ་པ", "Tiers": "རིམ་པ", "QR sheet": "QR ཨང་ཤོག་བུ",
    "Stages of this tier": "རིམ་པ་འདིའི་འགྲན་རིམ", "Advance": "རིམ་འཕར", "Advance to %(tier)s": "%(tier)s ལ་རིམ་འཕར",
    "Advanced to %(stages)s.": "%(stages)s ལ་རིམ་འཕར་ཟིན།", "Going on": "རིམ་འཕར་མཁན", "From": "ཐོན་ས", "To": "སླེབ་ས",
    "The top %(n)s of every stage go on.": "འགྲན་རིམ་རེ་རེའི་གོ་རིམ་སྔ་མ་ %(n)s རིམ་འཕར།",
    "The top %(n)s of the whole tier go on.": "རིམ་པ་ཧྲིལ་པོའི་གོ་རིམ་སྔ་མ་ %(n)s རིམ་འཕར།",
    "Not every stage is final yet: advancing waits for %(stages)s.":
        "འགྲན་རིམ་ཚང་མ་ད་དུང་མཐའ་མར་མ་གྱུར། རིམ་འཕར་གྱིས་ %(stages)s ལ་སྒུག་བཞིན་ཡོད།",
    "Tie at the cut: choose %(n)s": "ཚད་ཐིག་ཐོག་མཉམ་འདུག %(n)s འདེམས",
    "Only a campaign organizer advances a tier: it spans every township.":
        "རིམ་པ་ནི་ཤང་གྲོང་ཡོངས་ལ་ཁྱབ་པས་བྱེད་སྒོའི་གྲ་སྒྲིག་པ་ཁོ་ནས་རིམ་འཕར་བྱེད་ཆོག",
    # rules
    "Rule": "སྒྲིག་གཞི", "Rubric": "སྐར་འཇོག་ཚད་གཞི", "Key": "ཨང་རྟགས", "Criterion": "དཔྱད་གཞི", "Maximum": "ཚད་མཐོ་ཤོས",
    "Step": "འཕར་ཚད", "Weight": "ལྗིད་ཚད", "Aggregation": "སྐར་མ་སྡོམ་སྟངས", "Aggregate": "སྡོམ་སྟངས", "Mean": "ཆ་སྙོམས",
    "Trimmed mean": "མཐོ་དམའ་བསལ་རྗེས་ཆ་སྙོམས", "Median": "དཀྱིལ་གྲངས", "Sum": "སྡོམ་གྲངས", "Drop highest": "མཐོ་ཤོས་བསལ",
    "Drop lowest": "དམའ་ཤོས་བསལ", "Decimals": "ཚག་རྗེས་གྲངས་གནས", "Tie-break chain": "སྐར་མ་མཉམ་ཚེའི་བསྡུར་རིམ",
    "Steps in order, separated by commas: raw_mean, highest_total, criterion:<key>.":
        "གོ་རིམ་བཞིན་འབྲི་ཞིང་བར་དུ་ , འཇུག: raw_mean, highest_total, criterion:<key>",
    "The rule in the competition-file format (docs/competition-file.md).":
        "འགྲན་བསྡུར་ཡིག་ཆའི་རྣམ་གཞག་ཏུ་བཀོད་པའི་སྒྲིག་གཞི (docs/competition-file.md)",
    "Save the rule": "སྒྲིག་གཞི་ཉར་ཚགས", "Rule saved.": "སྒྲིག་གཞི་ཉར་ཚགས་ཟིན།",
    "Marks or results are already recorded in this event: its rule can no longer change.":
        "རྣམ་གྲངས་འདིར་སྐར་མའམ་གྲུབ་འབྲས་བཀོད་ཟིན་པས་སྒྲིག་གཞི་བསྒྱུར་མི་ཆོག",
    "Dropping %(n)s marks leaves nothing of a panel of %(size)s judges.":
        "ཐག་གཅོད་པ་ %(size)s ཡོད་པའི་ཚོ་ཆུང་ནས་སྐར་མ་ %(n)s བསལ་ན་ལྷག་མ་མི་འདུག",
    "The rule must be a mapping of settings.": "སྒྲིག་གཞི་ནི་སྒྲིག་འགོད་ཀྱི་ mapping ཞིག་ཡིན་དགོས།",
    # venues and the schedule
    "Venue": "འགྲན་ས", "Venues": "འགྲན་ས", "New venue": "འགྲན་ས་གསར་པ", "Create venue": "འགྲན་ས་གསར་འཛུགས",
    "Rename the venue": "འགྲན་སའི་མིང་བསྒྱུར", "Venue board": "འགྲན་སའི་བརྙན་ཡོལ", "No venue": "འགྲན་ས་མེད",
    "No venues yet.": "ད་དུང་འགྲན་ས་མེད།", "Key (part of the board URL)": "ཨང་རྟགས (བརྙན་ཡོལ་དྲ་གནས་ཀྱི་ཆ་ཤས)",
    "Key: letters, digits, - or _, e.g. square-1. It cannot be changed later: printed QR codes point to it.":
        "ཨང་རྟགས: དབྱིན་ཡིག་དང་ཨང་གྲངས། - དང་ _ ཁོ་ན། དཔེར་ན square-1 ། རྗེས་སུ་བསྒྱུར་མི་ཆོག "
        "པར་དུ་བསྐྲུན་པའི་ QR ཨང་དེ་ལ་སྟོན་གྱི་ཡོད།",
    "Only campaign-wide organizers can create or rename venues.":
        "བྱེད་སྒོ་ཧྲིལ་པོའི་གྲ་སྒྲིག་པ་ཁོ་ནས་འགྲན་ས་གསར་འཛུགས་དང་མིང་བསྒྱུར་བྱེད་ཆོག",
    "The key must be 1 to 64 letters, digits, '-' or '_' (it is part of the board's URL).":
        "ཨང་རྟགས་ནི་དབྱིན་ཡིག་དང་ཨང་གྲངས། '-' དང་ '_' བཅས་ཡིག་འབྲུ་ 1 ནས་ 64 བར་དགོས། (བརྙན་ཡོལ་དྲ་གནས་ཀྱི་ཆ་ཤས་ཡིན)",
    "There is already a venue with the key %(key)s.": "ཨང་རྟགས་ %(key)s ཅན་གྱི་འགྲན་ས་ཡོད་ཟིན།",
    "The name must be 1 to %(max)s characters.": "མིང་ནི་ཡིག་འབྲུ་ 1 ནས་ %(max)s བར་དགོས།",
    "The Tibetan name must be at most %(max)s characters.": "བོད་ཡིག་མིང་ནི་ཡིག་འབྲུ་ %(max)s ལས་མང་བ་མི་ཆོག",
    "Venue %(name)s created.": "འགྲན་ས་ %(name)s གསར་འཛུགས་ཟིན།", "Venue %(name)s saved.": "འགྲན་ས་ %(name)s ཉར་ཚགས་ཟིན།",
    "Nothing changed.": "བསྒྱུར་བཅོས་མེད།", "There is no venue %(key)s in this campaign.": "བྱེད་སྒོ་འདིའི་ནང་འགྲན་ས་ %(key)s མི་འདུག",
    "This venue's board follows whatever stage is running here. Open this address on the LED screen's computer "
    "(add ?w=1920&h=1080 for the canvas size):":
        "འགྲན་ས་འདིའི་བརྙན་ཡོལ་གྱིས་འདིར་འགྲན་བཞིན་པའི་འགྲན་རིམ་གང་ཡིན་རྗེས་འདེད་བྱེད། "
        "LED བརྙན་ཡོལ་གྱི་གློག་ཀླད་ཐོག་དྲ་གནས་འདི་ཁ་ཕྱེ། (ངོས་ཀྱི་ཆེ་ཆུང་ལ་ ?w=1920&h=1080 སྣོན):",
    "No stage is booked at this venue yet.": "ད་དུང་འགྲན་ས་འདིར་འགྲན་རིམ་བཀོད་མེད།",
    "This venue is already booked at that time:": "དུས་ཚོད་དེར་འགྲན་ས་འདི་བཀོད་ཟིན:",
    "a stage of another township": "ཤང་གྲོང་གཞན་གྱི་འགྲན་རིམ",
    "Book it anyway: both stages at this venue at the same time": "ཡིན་ནའང་བཀོད། འགྲན་རིམ་གཉིས་ཀ་དུས་མཉམ་དུ་འགྲན་ས་འདིར་འཚོགས",
    "Schedule": "ལས་རིམ་རེའུ་མིག", "Day view": "ཉིན་རེའི་མཐོང་སྣང", "Progress": "འཕེལ་རིམ", "Progress overview": "འཕེལ་རིམ་སྤྱི་ཁོག",
    "Previous day": "ཉིན་སྔ་མ", "Next day": "ཉིན་རྗེས་མ", "Today": "དེ་རིང", "Show": "སྟོན", "Date": "ཚེས་གྲངས",
    "Start": "འགོ་འཛུགས", "Start time": "འགོ་འཛུགས་དུས་ཚོད", "End": "མཇུག་སྒྲིལ", "Time slot": "དུས་ཚོད", "No time slot": "དུས་ཚོད་མ་བཀོད",
    "Stages without a time slot: %(n)s": "དུས་ཚོད་མ་བཀོད་པའི་འགྲན་རིམ: %(n)s",
    "No stage has a time slot on this day.": "ཉིན་འདིར་དུས་ཚོད་བཀོད་པའི་འགྲན་རིམ་མེད།",
    "Times are festival time (%(zone)s).": "དུས་ཚོད་ནི་དུས་ཆེན་གྱི་དུས་ཚོད་ཡིན། (%(zone)s)",
    "Times are festival time (%(zone)s). Leave the date and times empty to clear the slot.":
        "དུས་ཚོད་ནི་དུས་ཆེན་གྱི་དུས་ཚོད་ཡིན། (%(zone)s) དུས་ཚོད་མེད་པར་བཟོ་ན་ཚེས་གྲངས་དང་དུས་ཚོད་སྟོང་པར་ཞོག",
    "Give the date, the start and the end time together (or none of them to clear the slot).":
        "ཚེས་གྲངས་དང་འགོ་འཛུགས་དུས་ཚོད། མཇུག་སྒྲིལ་དུས་ཚོད་བཅས་མཉམ་དུ་འགོད་རོགས། (དུས་ཚོད་མེད་པར་བཟོ་ན་ཚང་མ་སྟོང་པར་ཞོག)",
    "%(value)s is not a date like 2026-11-29.": "%(value)s ནི་ 2026-11-29 ལྟ་བུའི་ཚེས་གྲངས་མིན།",
    "The date must be between the years %(first)s and %(last)s.": "ཚེས་གྲངས་ནི་ལོ་ %(first)s ནས་ %(last)s བར་ཡིན་དགོས།",
    "The start time %(value)s is not a time like 09:30.": "འགོ་འཛུགས་དུས་ཚོད་ %(value)s ནི་ 09:30 ལྟ་བུའི་དུས་ཚོད་མིན།",
    "The end time %(value)s is not a time like 17:00.": "མཇུག་སྒྲིལ་དུས་ཚོད་ %(value)s ནི་ 17:00 ལྟ་བུའི་དུས་ཚོད་མིན།",
    "The end time must be after the start time, on the same date.": "མཇུག་སྒྲིལ་དུས་ཚོད་ནི་ཉིན་གཅིག་གི་འགོ་འཛུགས་དུས་ཚོད་ཀྱི་རྗེས་སུ་ཡིན་དགོས།",
    "Time slot of %(stage)s saved.": "%(stage)s དུས་ཚོད་ཉར་ཚགས་ཟིན།",
    "Nothing scheduled now": "ད་ལྟ་ལས་རིམ་མེད", "Next: %(what)s": "རྗེས་མ: %(what)s", "Scheduled": "འཆར་འགོད་ཟིན",
    "State": "གནས་སྟངས", "Late": "དུས་ལས་ཡོལ", "LATE": "དུས་ལས་ཡོལ", "Late stages": "དུས་ལས་ཡོལ་བའི་འགྲན་རིམ",
    "No stage is late.": "དུས་ལས་ཡོལ་བའི་འགྲན་རིམ་མེད།", "No stages yet.": "ད་དུང་འགྲན་རིམ་མེད།",
    "Import contestants": "འགྲན་ཞུགས་པ་ནང་འདྲེན",
    # awards
    "Awards": "བྱ་དགའ", "Award": "བྱ་དགའ", "Award levels": "བྱ་དགའི་རིམ་པ", "Save award levels": "བྱ་དགའི་རིམ་པ་ཉར་ཚགས",
    "Award levels saved.": "བྱ་དགའི་རིམ་པ་ཉར་ཚགས་ཟིན།", "Quota": "མིང་གྲངས", "Prize (yuan)": "བྱ་དགའི་དངུལ (སྒོར)",
    "Quota: how many get the level; leave it empty on the last level for \"the rest\". Prize in yuan.":
        "མིང་གྲངས: རིམ་པ་དེ་ཐོབ་མཁན་གྱི་གྲངས་ཀ། རིམ་པ་མཐའ་མར་སྟོང་པར་བཞག་ན་\"ལྷག་མ\"ཡིན། བྱ་དགའི་དངུལ་སྒོར་གྱིས་འབྲི།",
    "From the standings": "གོ་རིམ་ཐོ་ལས", "Given": "སྤྲད་ཟིན", "Tied: decide": "མཉམ། ཐག་ཆོད", "No award": "བྱ་དགའ་མེད",
    "Entries tied across a quota: give each of them one of the two levels (both may get the higher one).":
        "མིང་གྲངས་ཀྱི་མཚམས་སུ་གྲུབ་འབྲས་མཉམ་པའི་འགྲན་ཞུགས་པ་རེ་རེར་རིམ་པ་གཉིས་ལས་གཅིག་སྤྲོད། (གཉིས་ཀར་རིམ་པ་མཐོ་བ་སྤྲོད་ཀྱང་ཆོག)",
    "Give the awards": "བྱ་དགའ་སྤྲོད", "Awards given.": "བྱ་དགའ་སྤྲད་ཟིན།",
    "Awards are given from final results only.": "མཐའ་མའི་གྲུབ་འབྲས་ཁོ་ནའི་ཐོག་ནས་བྱ་དགའ་སྤྲོད།",
    "No awards given yet.": "ད་དུང་བྱ་དགའ་སྤྲད་མེད།", "Every award": "བྱ་དགའ་ཡོངས", "Total": "སྡོམ",
    "Prize list": "བྱ་དགའི་ཐོ", "Export (.xlsx)": "ཕྱིར་འདོན (.xlsx)", "Medal table": "གཟེངས་རྟགས་རེའུ་མིག",
    "Updated every 20 seconds as awards are given.": "བྱ་དགའ་སྤྲད་པ་ལྟར་སྐར་ཆ་ 20 རེར་གསར་སྒྱུར་བྱེད།",
    "By township": "ཤང་གྲོང་ལྟར", "By village or community": "གྲོང་ཚོའམ་སྡོད་ཁུལ་ལྟར",
    # contestant import and export, the judge pool and panels, venue names and refusals in the organizer's console
    # (more terms: team རུ་ཁག, contestant (person) འགྲན་ཞུགས་མི་སྣ, contestant number འགྲན་ཨང, shirt number རྒྱབ་ཨང,
    # row འཕྲེད་སྟར, column གྱེན་སྟར, header row མགོ་བྱང་འཕྲེད་སྟར, problem དཀའ་ངལ, judge pool ཐག་གཅོད་པའི་མཛོད,
    # seat གོ་ས, home unit གཏོགས་སའི་སྡེ་ཚན, conflict ཁེ་ཕན་འགལ་ཟླ, override དམིགས་བསལ་ཆོག་མཆན, export ཕྱིར་འདོན,
    # preview སྔོན་ལྟ, download ཕབ་ལེན, database གཞི་གྲངས་མཛོད, text encoding ཡི་གེའི་ཨང་སྒྲིག)
    "Not every result is final yet.": "གྲུབ་འབྲས་ཚང་མ་ད་དུང་མཐའ་མར་མ་གྱུར།",
    "A tie needs your decision.": "གྲུབ་འབྲས་མཉམ་འདུག ཁྱེད་ཀྱིས་ཐག་གཅོད་དགོས།",
    "This tier has already advanced.": "རིམ་པ་འདིའི་རིམ་འཕར་བྱས་ཟིན།",
    "That stage has started; its entries cannot change.": "འགྲན་རིམ་དེ་འགོ་ཚུགས་ཟིན་པས་དེའི་འགྲན་ཞུགས་པ་བསྒྱུར་མི་ཆོག",
    "Awards were already given: the levels cannot change.": "བྱ་དགའ་སྤྲད་ཟིན་པས་བྱ་དགའི་རིམ་པ་བསྒྱུར་མི་ཆོག",
    "Set the award levels first.": "སྔོན་ལ་བྱ་དགའི་རིམ་པ་སྒྲིག་རོགས།",
    "Too many decimals.": "ཚག་རྗེས་གྲངས་གནས་མང་དྲགས་འདུག", "This cannot be done as asked.": "རེ་ཞུ་ལྟར་བྱེད་ཐབས་མེད།",
    # the import file
    "The file is larger than %(limit)s MB: split it into several files.":
        "ཡིག་ཆ་ %(limit)s MB ལས་ཆེ་བས་ཡིག་ཆ་ཁ་ཤས་སུ་ཕྱེ་རོགས།",
    "The file is empty.": "ཡིག་ཆ་སྟོང་པ་རེད།",
    "Old Excel files (.xls) cannot be read: save the sheet as an Excel workbook (.xlsx) or as CSV.":
        "Excel ཡིག་ཆ་རྙིང་པ (.xls) ཀློག་མི་ཐུབ། རེའུ་མིག་དེ་ Excel རེའུ་མིག་ཡིག་ཆ (.xlsx) ཡང་ན CSV ཡིག་ཆར་ཉར་ཚགས་བྱེད་རོགས།",
    "This is not a readable Excel workbook (.xlsx): the file is damaged or of another kind.":
        "འདི་ནི་ཀློག་ཐུབ་པའི་ Excel རེའུ་མིག་ཡིག་ཆ (.xlsx) མིན། ཡིག་ཆ་འཕྲོ་བརླག་ཤོར་བའམ་རིགས་གཞན་ཞིག་ཡིན།",
    "This file is neither an Excel workbook (.xlsx) nor a CSV text file.":
        "ཡིག་ཆ་འདི་ Excel རེའུ་མིག་ཡིག་ཆ (.xlsx) ཡང་མིན། CSV ཡི་གེའི་ཡིག་ཆ་ཡང་མིན།",
    "The text encoding of this CSV file is not recognised: save it as CSV UTF-8 (or GBK).":
        "CSV ཡིག་ཆ་འདིའི་ཡི་གེའི་ཨང་སྒྲིག་ངོས་འཛིན་མ་ཐུབ། CSV UTF-8 (ཡང་ན GBK) ལ་ཉར་ཚགས་བྱེད་རོགས།",
    "The CSV file cannot be read as a table (%(detail)s).": "CSV ཡིག་ཆ་རེའུ་མིག་ཏུ་ཀློག་མི་ཐུབ། (%(detail)s)",
    "The file has no contestants: only a header, or empty rows.":
        "ཡིག་ཆའི་ནང་འགྲན་ཞུགས་པ་མི་འདུག མགོ་བྱང་འཕྲེད་སྟར་རམ་འཕྲེད་སྟར་སྟོང་པ་ཁོ་ན་འདུག",
    "The file has more than %(limit)s rows: split it into several files.":
        "ཡིག་ཆའི་འཕྲེད་སྟར་ %(limit)s ལས་བརྒལ་འདུག ཡིག་ཆ་ཁ་ཤས་སུ་ཕྱེ་རོགས།",
    "The column %(column)s appears twice.": "གྱེན་སྟར་ %(column)s ཐེངས་གཉིས་ཐོན་འདུག",
    "Missing columns: %(missing)s. The header row has: %(found)s. Expected headers: %(expected)s.":
        "མ་ཚང་བའི་གྱེན་སྟར: %(missing)s ། མགོ་བྱང་འཕྲེད་སྟར་ནང་ཡོད་པ: %(found)s ། དགོས་པའི་མགོ་བྱང: %(expected)s །",
    "These columns are not part of the format and are ignored: %(columns)s.":
        "གྱེན་སྟར་འདི་དག་རྣམ་གཞག་འདིའི་ཆ་ཤས་མིན་པས་སྣང་མེད་བཏང་ཡོད: %(columns)s །",
    "%(column)s is longer than %(limit)s characters.": "%(column)s ཡིག་འབྲུ་ %(limit)s ལས་བརྒལ་འདུག",
    # the rows of the import file
    "The name is empty.": "མིང་བྲིས་མི་འདུག",
    "Gender must be 男 or 女 (M or F), not %(value)s.": "ཕོ་མོ་ནི་ 男 ཡང་ན 女 (M ཡང་ན F) ཡིན་དགོས། %(value)s མི་ཆོག",
    "The shirt number must be a whole number from 0 to 999, not %(value)s.":
        "རྒྱབ་ཨང་ནི་ 0 ནས་ 999 བར་གྱི་ཧྲིལ་གྲངས་ཡིན་དགོས། %(value)s མི་ཆོག",
    "The number %(key)s may only have letters, digits and _ . - (at most 64).":
        "འགྲན་ཨང་ %(key)s ལ་དབྱིན་ཡིག་དང་ཨང་གྲངས། _ . - བཅས་ཁོ་ན་ཆོག (མང་མཐར་ཡིག་འབྲུ་ 64)",
    "Give one number, or one for each of the %(count)s events.":
        "འགྲན་ཨང་གཅིག་འགོད་པའམ། ཡང་ན་རྣམ་གྲངས་ %(count)s རེ་རེར་འགྲན་ཨང་རེ་འགོད་རོགས།",
    "The township is empty.": "ཤང་གྲོང་བྲིས་མི་འདུག", "Unknown township %(township)s.": "ཤང་གྲོང་ %(township)s མི་འདུག",
    "Several units are named %(township)s.": "མིང་ %(township)s ཡིན་པའི་སྡེ་ཚན་ཁ་ཤས་འདུག",
    "%(township)s has no village %(village)s.": "%(township)s ལ་གྲོང་ཚོ་ %(village)s མི་འདུག",
    "%(unit)s is outside your township.": "%(unit)s ནི་ཁྱེད་ཀྱི་ཤང་གྲོང་གི་ཁྱབ་ཁོངས་སུ་མི་གཏོགས།",
    "No event is given.": "རྣམ་གྲངས་བྲིས་མི་འདུག", "Unknown event %(event)s.": "རྣམ་གྲངས་ %(event)s མི་འདུག",
    "Several events are named %(event)s: give the event's key instead.":
        "མིང་ %(event)s ཡིན་པའི་རྣམ་གྲངས་ཁ་ཤས་འདུག རྣམ་གྲངས་ཀྱི་ཨང་རྟགས་འགོད་རོགས།",
    "The event %(event)s is listed twice.": "རྣམ་གྲངས་ %(event)s ཐེངས་གཉིས་བཀོད་འདུག",
    "No stage of %(event)s for %(unit)s.": "%(event)s ནང་ %(unit)s ལ་འགྲན་རིམ་མི་འདུག",
    "The stage %(stage)s is outside your township.": "འགྲན་རིམ་ %(stage)s ནི་ཁྱེད་ཀྱི་ཤང་གྲོང་གི་ཁྱབ་ཁོངས་སུ་མི་གཏོགས།",
    "The number %(key)s is already taken in %(stage)s.": "འགྲན་ཨང་ %(key)s ནི་ %(stage)s ནང་བེད་སྤྱད་ཟིན།",
    "The number %(key)s is also given in row %(row)s for %(stage)s.":
        "འགྲན་ཨང་ %(key)s ནི་འཕྲེད་སྟར་ %(row)s པའི་ནང་ཡང་ %(stage)s ལ་བཀོད་འདུག",
    "%(name)s of %(unit)s is already in the register.": "%(unit)s ནས་ཡིན་པའི་ %(name)s ནི་འགྲན་ཞུགས་ཐོ་དེབ་ནང་ཡོད་ཟིན།",
    "The same person as row %(row)s.": "འཕྲེད་སྟར་ %(row)s པ་དང་མི་གཅིག་རེད།",
    "%(event)s is a team event: give the team.": "%(event)s ནི་རུ་ཁག་གི་རྣམ་གྲངས་ཡིན་པས་རུ་ཁག་འགོད་རོགས།",
    "The team %(team)s is already in %(stage)s.": "རུ་ཁག་ %(team)s ནི་ %(stage)s ནང་ཡོད་ཟིན།",
    "The rows of team %(team)s give different numbers.": "རུ་ཁག་ %(team)s ལ་གཏོགས་པའི་འཕྲེད་སྟར་རྣམས་ཀྱི་འགྲན་ཨང་མི་མཐུན།",
    "The fixtures of %(stage)s are already made: add a team to it by hand.":
        "%(stage)s ནང་འགྲན་བསྡུར་ལས་རིམ་བཟོས་ཟིན་པས་རུ་ཁག་ལག་ཐོག་ནས་སྣོན་རོགས།",
    "Shirt number %(number)s is given twice in team %(team)s.": "རུ་ཁག་ %(team)s ནང་རྒྱབ་ཨང་ %(number)s ཐེངས་གཉིས་བཀོད་འདུག",
    # running the import
    "Choose a campaign.": "བྱེད་སྒོ་ཞིག་འདེམས་རོགས།", "Choose a file to import.": "ནང་འདྲེན་བྱ་རྒྱུའི་ཡིག་ཆ་འདེམས་རོགས།",
    "Imported. Contestants: %(persons)s, entries: %(entries)s, teams: %(teams)s, players: %(players)s.":
        "ནང་འདྲེན་ཟིན། འགྲན་ཞུགས་མི་སྣ: %(persons)s · འགྲན་ཞུགས་པ: %(entries)s · རུ་ཁག: %(teams)s · རྩེད་མོ་བ: %(players)s",
    "Nothing was imported: %(rows)s rows have problems now (the campaign changed since the preview). Preview the file again.":
        "ཅི་ཡང་ནང་འདྲེན་བྱས་མེད། ད་ལྟ་འཕྲེད་སྟར་ %(rows)s ལ་དཀའ་ངལ་འདུག (སྔོན་ལྟའི་རྗེས་སུ་བྱེད་སྒོའི་ནང་དོན་བསྒྱུར་འདུག) "
        "ཡིག་ཆ་བསྐྱར་དུ་སྔོན་ལྟ་བྱེད་རོགས།",
    "The import stopped before it finished; nothing was imported. Preview the file again.":
        "ནང་འདྲེན་མ་གྲུབ་གོང་བར་མཚམས་ཆད་པས་ཅི་ཡང་ནང་འདྲེན་བྱས་མེད། ཡིག་ཆ་བསྐྱར་དུ་སྔོན་ལྟ་བྱེད་རོགས།",
    "Nothing was imported: the database refused the import. Try again; if it fails again, see the server log.":
        "ཅི་ཡང་ནང་འདྲེན་བྱས་མེད། གཞི་གྲངས་མཛོད་ཀྱིས་ནང་འདྲེན་ཁས་མ་བླངས། བསྐྱར་དུ་ཚོད་ལྟ་བྱེད་རོགས། "
        "ཡང་བསྐྱར་མ་འགྲུབ་ན་ཞབས་ཞུའི་འཕྲུལ་ཆས་ཀྱི་ཟིན་ཐོར་ལྟ་རོགས།",
    "Writing %(done)s of %(total)s rows…": "འཕྲེད་སྟར་ %(total)s ནས་ %(done)s ནང་འཇུག་བྱེད་བཞིན་པ…",
    "Not started.": "ད་དུང་འགོ་མ་ཚུགས།",
    # the judge pool and panels
    "A judge needs a name of 1 to 200 characters (phone at most 32).":
        "ཐག་གཅོད་པའི་མིང་ནི་ཡིག་འབྲུ་ 1 ནས་ 200 བར་དགོས། (ཁ་པར་ཨང་གྲངས་མང་མཐར་ཡིག་འབྲུ་ 32)",
    "Choose the judge's home unit.": "ཐག་གཅོད་པའི་གཏོགས་སའི་སྡེ་ཚན་འདེམས་རོགས།",
    "%(name)s added to the judge pool.": "%(name)s ནི་ཐག་གཅོད་པའི་མཛོད་དུ་བསྣན་ཟིན།",
    "%(name)s already sits on this panel.": "%(name)s ནི་ཐག་གཅོད་ཚོ་ཆུང་འདིའི་ནང་ཡོད་ཟིན།",
    "%(name)s comes from %(unit)s and may not score %(entries)s. Tick the override and give the reason to seat them anyway.":
        "%(name)s ནི་ %(unit)s ནས་ཡིན་པས་ %(entries)s ལ་སྐར་མ་སྤྲོད་མི་ཆོག "
        "ཡིན་ནའང་གོ་སར་འཇོག་དགོས་ན་དམིགས་བསལ་ཆོག་མཆན་ལ་རྟགས་བརྒྱབ་ནས་རྒྱུ་མཚན་འགོད་རོགས།",
    "%(name)s seated as %(seat)s.": "%(name)s ནི་གོ་ས་ %(seat)s ལ་བཞག་ཟིན།",
    "Judge pool": "ཐག་གཅོད་པའི་མཛོད",
    # the import and export page
    "Import contestants and teams": "འགྲན་ཞུགས་པ་དང་རུ་ཁག་ནང་འདྲེན",
    "No campaign yet. Set one up first.": "ད་དུང་བྱེད་སྒོ་མེད། སྔོན་ལ་བྱེད་སྒོ་གསར་འཛུགས་གནང་།",
    "Excel workbook (.xlsx) or CSV file": "Excel རེའུ་མིག་ཡིག་ཆ (.xlsx) ཡང་ན CSV ཡིག་ཆ", "Check the file": "ཡིག་ཆ་ཞིབ་བཤེར",
    "Nothing is written yet: the next page shows every row and its problems. At most %(mb)s MB and %(rows)s rows.":
        "ད་དུང་ཅི་ཡང་ནང་འཇུག་མི་བྱེད། ཤོག་ངོས་རྗེས་མར་འཕྲེད་སྟར་རེ་རེ་དང་དེའི་དཀའ་ངལ་སྟོན། "
        "མང་མཐར་ %(mb)s MB དང་འཕྲེད་སྟར་ %(rows)s ཆོག",
    "Columns": "གྱེན་སྟར",
    "The first sheet with this header row is read; columns may be in any order. Required columns are marked *. "
    "Several events in one cell are separated by 、 or a comma: one entry each. "
    "Rows with the same team in a team event make one team.":
        "མགོ་བྱང་འཕྲེད་སྟར་འདི་ཡོད་པའི་རེའུ་མིག་ཤོག་ངོས་དང་པོ་ཀློག་རྒྱུ་ཡིན། གྱེན་སྟར་གྱི་གོ་རིམ་གང་ཡིན་ཡང་ཆོག "
        "ངེས་པར་དུ་དགོས་པའི་གྱེན་སྟར་ལ་ * རྟགས་ཡོད། སྒྲོམ་ཆུང་གཅིག་གི་ནང་རྣམ་གྲངས་མང་པོ་ཡོད་ན་བར་དུ་ 、 ཡང་ན་ , འཇུག "
        "རྣམ་གྲངས་རེ་རེར་འགྲན་ཞུགས་པ་རེ་ཡིན། རུ་ཁག་གི་རྣམ་གྲངས་ནང་རུ་ཁག་གཅིག་པ་ཡིན་པའི་འཕྲེད་སྟར་རྣམས་རུ་ཁག་གཅིག་ཏུ་རྩིས།",
    "Export": "ཕྱིར་འདོན",
    "Every entry you may see, in the same format: the file can be imported again.":
        "ཁྱེད་ཀྱིས་ལྟ་ཆོག་པའི་འགྲན་ཞུགས་པ་ཡོངས་རྣམ་གཞག་གཅིག་པར་ཕྱིར་འདོན་བྱེད། ཡིག་ཆ་དེ་བསྐྱར་དུ་ནང་འདྲེན་བྱེད་ཆོག",
    "Download as Excel (.xlsx)": "Excel (.xlsx) ཕབ་ལེན", "Download as CSV": "CSV ཕབ་ལེན",
    "Other campaigns": "བྱེད་སྒོ་གཞན",
    # the import preview
    "Import preview": "ནང་འདྲེན་སྔོན་ལྟ", "Rows": "འཕྲེད་སྟར", "Empty rows skipped": "སྣང་མེད་བཏང་བའི་འཕྲེད་སྟར་སྟོང་པ",
    "Rows with problems": "དཀའ་ངལ་ཡོད་པའི་འཕྲེད་སྟར", "New contestants": "འགྲན་ཞུགས་མི་སྣ་གསར་པ", "Teams": "རུ་ཁག",
    "Entries per stage": "འགྲན་རིམ་རེ་རེའི་འགྲན་ཞུགས་པ", "Players": "རྩེད་མོ་བ", "Import %(n)s rows": "འཕྲེད་སྟར་ %(n)s ནང་འདྲེན",
    "%(n)s of %(total)s rows have problems (marked below). Nothing has been imported: correct the file and check it again.":
        "འཕྲེད་སྟར་ %(total)s ལས་ %(n)s ལ་དཀའ་ངལ་འདུག (གཤམ་དུ་རྟགས་བཀོད་ཡོད) ཅི་ཡང་ནང་འདྲེན་བྱས་མེད། "
        "ཡིག་ཆ་བཅོས་ནས་བསྐྱར་དུ་ཞིབ་བཤེར་གནང་།",
    "Choose the corrected file": "བཅོས་ཟིན་པའི་ཡིག་ཆ་འདེམས", "Show only rows with problems": "དཀའ་ངལ་ཡོད་པའི་འཕྲེད་སྟར་ཁོ་ན་སྟོན",
    "Row": "འཕྲེད་སྟར", "Problems": "དཀའ་ངལ", "Import": "ནང་འདྲེན", "Import another file": "ཡིག་ཆ་གཞན་ཞིག་ནང་འདྲེན",
    # a stage's panel and the judge pool page
    "Seat": "གོ་ས་སྒྲིག", "Judge": "ཐག་གཅོད་པ", "Home unit": "གཏོགས་སའི་སྡེ་ཚན", "Conflicts": "ཁེ་ཕན་འགལ་ཟླ",
    "Seat a judge of the pool": "ཐག་གཅོད་པའི་མཛོད་ནས་ཐག་གཅོད་པ་གོ་སར་འཇོག", "Chief": "གཙོ་བོ",
    "Overridden: %(reason)s": "དམིགས་བསལ་ཆོག་མཆན: %(reason)s", "Override a conflict": "ཁེ་ཕན་འགལ་ཟླར་དམིགས་བསལ་ཆོག་མཆན",
    "Reason": "རྒྱུ་མཚན", "The judge pool is empty: add judges to it first.": "ཐག་གཅོད་པའི་མཛོད་སྟོང་པ་རེད། སྔོན་ལ་ཐག་གཅོད་པ་སྣོན་རོགས།",
    "Phone": "ཁ་པར", "No judges in the pool yet.": "ད་དུང་ཐག་གཅོད་པའི་མཛོད་དུ་ཐག་གཅོད་པ་མེད།", "Add a judge": "ཐག་གཅོད་པ་སྣོན",
    # venues
    "Venue name": "འགྲན་སའི་མིང",
    # tier rules, events added later, the public medal table
    'Choose per stage or overall, and a number from 1 to 100.': 'འགྲན་རིམ་རེ་རེ་འམ་རིམ་པ་ཧྲིལ་པོ་འདེམས་ནས། ༡ ནས་ ༡༠༠ བར་གྱི་གྲངས་ཀ་འགོད་རོགས།',
    'The last tier has no tier after it.': 'རིམ་པ་མཐའ་མའི་རྗེས་སུ་རིམ་པ་གཞན་མེད།',
    'Matches advance per stage (the top N of each table).': 'འགྲན་བསྡུར་ནི་འགྲན་རིམ་རེ་རེ་ནས་རིམ་འཕར་བྱེད། (རེའུ་མིག་རེ་རེའི་གོ་རིམ་སྔ་མ།)',
    'Event %(name)s added.': 'རྣམ་གྲངས་ %(name)s ཁ་སྣོན་བྱས་ཟིན།',
    'Add an event of the template': 'མ་དཔེ་ནས་རྣམ་གྲངས་ཁ་སྣོན',
    'Public medal table': 'སྤྱི་ཚོགས་ཀྱི་གཟེངས་རྟགས་རེའུ་མིག',
    'Who goes on': 'རིམ་འཕར་ཐབས་ལམ',
    'the top of every stage': 'འགྲན་རིམ་རེ་རེའི་གོ་རིམ་སྔ་མ',
    'the top of the whole tier': 'རིམ་པ་ཧྲིལ་པོའི་གོ་རིམ་སྔ་མ',
    # certificates, result sheets and verification in the console
    "The certificate template is the campaign organizer's.": 'ལག་འཁྱེར་གྱི་མ་དཔེ་ནི་བྱེད་སྒོ་ཧྲིལ་པོའི་འཛིན་སྐྱོང་པས་དོ་དམ་བྱེད།',
    "The festival's own certificate template is used again.": 'བྱེད་སྒོའི་ལག་འཁྱེར་མ་དཔེ་རང་བཞིན་སླར་བཀོལ་ཟིན།',
    'The template (200 KB) or the seal image (2 MB) is too large.': 'མ་དཔེ་ (200 KB) འམ་ཐམ་ཀའི་པར་རིས་ (2 MB) ཆེ་དྲགས་འདུག',
    'Not saved: %(problem)s': 'ཉར་ཚགས་མ་བྱས། %(problem)s',
    'Certificate design saved.': 'ལག་འཁྱེར་གྱི་བཀོད་སྒྲིག་ཉར་ཚགས་ཟིན།',
    'Choose what to print and give the issuing body.': 'པར་འདེབས་ཀྱི་ཁྱབ་ཁོངས་འདེམས་ནས་སྤྲོད་མཁན་སྡེ་ཚན་འགོད་རོགས།',
    'A township organizer prints the certificates of their own stages.': 'ཤང་གྲོང་གི་འཛིན་སྐྱོང་པས་རང་ཤང་གི་འགྲན་རིམ་གྱི་ལག་འཁྱེར་ཁོ་ན་པར་འདེབས་བྱེད་ཆོག',
    'Certificate check': 'ལག་འཁྱེར་ཞིབ་བཤེར',
    'Certificate number': 'ལག་འཁྱེར་ཨང་རྟགས',
    'Genuine: this certificate was issued for the award below, as recorded.': 'ངོ་མ་ཡིན། ལག་འཁྱེར་འདི་གཤམ་གྱི་ཟིན་ཐོ་ལྟར་སྤྲད་པ་ཡིན།',
    'Not valid: this number was issued here, but the award has since been withdrawn.': 'ནུས་མེད། ཨང་རྟགས་འདི་འདི་ནས་སྤྲད་མོད། བྱ་དགའ་དེ་ཕྱིར་བསྡུས་ཟིན།',
    'Not a certificate number: check how it was typed (like 2Z-7K3MQ-9QXAB).': 'ལག་འཁྱེར་ཨང་རྟགས་མིན། འབྲི་སྟངས་ཞིབ་བཤེར་གནང་རོགས། (དཔེར་ན 2Z-7K3MQ-9QXAB)',
    'Not genuine: no certificate with this number was issued here. It may have been forged or altered.': 'ངོ་མ་མིན། ཨང་རྟགས་འདིའི་ལག་འཁྱེར་འདི་ནས་སྤྲད་མེད། རྫུན་བཟོ་འམ་བཟོ་བཅོས་བྱས་པ་ཡིན་སྲིད།',
    'Certificate': 'ལག་འཁྱེར',
    'Certificates and result sheets': 'ལག་འཁྱེར་དང་གྲུབ་འབྲས་རེའུ་མིག',
    'Result sheet': 'གྲུབ་འབྲས་གཏན་འཁེལ་རེའུ་མིག',
    'Certificates': 'ལག་འཁྱེར',
    'Print certificates': 'ལག་འཁྱེར་པར་འདེབས',
    'Whose': 'ཁྱབ་ཁོངས',
    'A stage': 'འགྲན་རིམ་གཅིག',
    'An event': 'རྣམ་གྲངས་གཅིག',
    'A tier': 'རིམ་པ་གཅིག',
    'The whole campaign': 'བྱེད་སྒོ་ཧྲིལ་པོ',
    'Issuing body': 'སྤྲོད་མཁན་སྡེ་ཚན',
    'Layout': 'བཀོད་པ',
    'A4 landscape': 'A4 འཕྲེད',
    'A4 portrait': 'A4 གྱེན',
    'Only stages with awards given can be printed. The batch is made in the background; a progress bar shows how far it is.': 'བྱ་དགའ་སྤྲད་ཟིན་པའི་འགྲན་རིམ་ཁོ་ན་པར་འདེབས་ཆོག ཚོགས་པར་རྒྱབ་ལྗོངས་ནས་བཟོ་ཞིང་། མདུན་སྐྱོད་ཚད་གཞིས་གང་ཙམ་སླེབ་མིན་སྟོན།',
    'Result sheets': 'གྲུབ་འབྲས་གཏན་འཁེལ་རེའུ་མིག',
    'Certificate design': 'ལག་འཁྱེར་གྱི་བཀོད་སྒྲིག',
    'The template is HTML and CSS (WeasyPrint); the fields it can use are listed in docs/printing.md. It is tried on a sample certificate before it is saved.': 'མ་དཔེ་ནི་ HTML དང་ CSS (WeasyPrint) ཡིན། བཀོལ་ཆོག་པའི་ཁོངས་ docs/printing.md ནང་ཡོད། ཉར་ཚགས་མ་བྱས་གོང་དཔེ་མཚོན་ལག་འཁྱེར་ཐོག་ཚོད་ལྟ་བྱེད།',
    'This campaign uses its own template.': 'བྱེད་སྒོ་འདིས་རང་གི་མ་དཔེ་བཀོལ་གྱི་ཡོད།',
    'Seal image (PNG or JPEG)': 'ཐམ་ཀའི་པར་རིས (PNG འམ JPEG)',
    'A seal is saved.': 'ཐམ་ཀ་ཉར་ཚགས་ཟིན།',
    'Preview': 'སྔོན་ལྟ',
    'Save the design': 'བཀོད་སྒྲིག་ཉར་ཚགས',
    'Use the festival template again': 'བྱེད་སྒོའི་མ་དཔེ་སླར་བཀོལ',
    'Printing certificates': 'ལག་འཁྱེར་པར་འདེབས་བཞིན་པ',
    'Download the PDF': 'PDF ཕབ་ལེན',
    # the recorder's decision at a qualifying cut
    'A tie at the qualifying cut: tick who goes through and give the reason (a run-off, lots). They are seeded in ranking order.': 'རིམ་འཕར་ཐིག་ཐོག་གྲུབ་འབྲས་མཚུངས་འདུག རིམ་འཕར་མཁན་ལ་རྟགས་རྒྱག་ནས་རྒྱུ་མཚན་འགོད་རོགས། (ཁ་སྣོན་འགྲན་བསྡུར། རྒྱན་རིལ) གོ་རིམ་ལྟར་ལམ་སྒྲིག་བྱེད།',
    'Draw with these': 'འདེམས་པ་འདི་དག་གིས་ཐོ་བཟོ',
    # a registered person entering more events
    'Several people named %(name)s of %(unit)s are in the register: give the phone number.': 'ཐོ་དེབ་ནང་ %(unit)s ཀྱི་ %(name)s ཞེས་པ་མང་པོ་འདུག ཁ་པར་ཨང་གྲངས་འགོད་རོགས།',
    '%(name)s is already entered in %(event)s.': '%(name)s ནི་ %(event)s ལ་མིང་ཐོ་འགོད་ཟིན།',
    'Already registered, more events': 'ཐོ་འགོད་ཟིན་པ། རྣམ་གྲངས་ཁ་སྣོན',
    # issue 12: logins, the audit check, signed certificates, the tablet's new refusals
    'Too many failed logins. Wait %(minutes)s minutes, then try again.': 'ནང་འཛུལ་ཐེངས་མང་པོ་ཕམ་སོང་། སྐར་མ་ %(minutes)s སྒུག་རྗེས་ཡང་བསྐྱར་ཚོད་ལྟ་བྱེད་རོགས།',
    '%(what)s of criterion %(key)s must be a number like 40 or 0.5, not “%(value)s”.': 'སྐར་མའི་ཚད་གཞི་ %(key)s ཡི་ %(what)s ནི་ 40 ཡང་ན་ 0.5 ལྟ་བུའི་ཨང་གྲངས་ཡིན་དགོས། “%(value)s” མིན།',
    'Warning: the audit check at start-up found rows changed outside Podium. Run “podium audit verify” on the server.': 'ཉེན་བརྡ། འགོ་འཛུགས་སྐབས་ཞིབ་བཤེར་གྱིས་ Podium ཕྱི་ནས་བཟོ་བཅོས་བྱས་པའི་གཞི་གྲངས་རྙེད་སོང་། ཞབས་ཞུ་འཕྲུལ་ཆས་སྟེང་ “podium audit verify” བཀོལ་རོགས།',
    'Warning: the server found rows changed outside Podium at start-up (marks, awards or the audit). Tell the organizers.': 'ཉེན་བརྡ། ཞབས་ཞུ་འཕྲུལ་ཆས་ཀྱིས་འགོ་འཛུགས་སྐབས་ Podium ཕྱི་ནས་བཟོ་བཅོས་བྱས་པའི་གཞི་གྲངས་རྙེད་སོང་། (སྐར་མ། བྱ་དགའ། ཞིབ་བཤེར་ཟིན་ཐོ།) གོ་སྒྲིག་པ་ལ་བརྡ་ཁྱབ་གནང་རོགས།',
    'This entry has not been called yet.': 'འགྲན་ཞུགས་པ་འདི་ད་དུང་སྐད་བཏང་མེད། ཐག་གཅོད་པ་གཙོ་བོས་སྐད་བཏང་རྗེས་སྐར་མ་སྤྲོད་ཆོག',
    'The stage has moved on already; this was not sent again.': 'འགྲན་བསྡུར་མདུན་དུ་སྐྱོད་ཟིན། བྱ་སྤྱོད་འདི་ཡང་བསྐྱར་མ་བཏང་།',
    'This was sent before with other content; send it again.': 'ཨང་རྟགས་འདི་ནང་དོན་མི་འདྲ་བ་ཞིག་ལ་བེད་སྤྱོད་བྱས་ཟིན། ཡང་བསྐྱར་བསྐུར་རོགས།',
    'This value is not possible here.': 'གྲངས་ཐང་འདི་འདིར་མི་སྲིད།',
    'The tablet sent something the server cannot read; reload the page.': 'ལག་ཐོགས་འཕྲུལ་ཆས་ཀྱིས་བསྐུར་བའི་གཞི་གྲངས་ཀློག་མི་ཐུབ། ངོས་ངོས་གསར་བཟོ་བྱེད་རོགས།',
    'Does not match: this number was issued here, but for another award than the one recorded now (person, event or award). The record or the certificate was changed, or the number was mistyped.': 'མི་མཐུན། ཨང་གྲངས་འདི་འདི་ནས་སྤྲད་པ་ཡིན་ཡང་ད་ལྟའི་ཟིན་ཐོའི་བྱ་དགའ་དང་མི་མཐུན། (མི། རྣམ་གྲངས། བྱ་དགའ།) ཟིན་ཐོ་ཡང་ན་ལག་འཁྱེར་བཟོ་བཅོས་བྱས་པའམ་ཨང་གྲངས་ནོར་འཁྲུལ་བྱུང་།',
    # issue 13: the venue address on the QR sheet, the certificate preview's failures
    'The preview could not be made (HTTP %(status)s). Reload this page and try again; if it happens again, the server log says why.': 'སྔོན་ལྟ་བཟོ་མ་ཐུབ། (HTTP %(status)s) ཤོག་ངོས་འདི་བསྐྱར་དུ་ཁ་ཕྱེ་ནས་ཡང་བསྐྱར་ཚོད་ལྟ་གནང་། ཡང་བསྐྱར་བྱུང་ན་ཞབས་ཞུ་འཕྲུལ་ཆས་ཀྱི་ཟིན་ཐོའི་ནང་རྒྱུ་མཚན་འཁོད་ཡོད།',
    'The preview could not be made: the server did not answer.': 'སྔོན་ལྟ་བཟོ་མ་ཐུབ། ཞབས་ཞུ་འཕྲུལ་ཆས་ནས་ལན་མ་བྱུང་།',
    'These codes only work on this computer.': 'ཨང་རྟགས་འདི་དག་གློག་ཀླད་འདི་ཁོ་ནའི་ཐོག་ཁ་ཕྱེ་ཐུབ།',
    'They open %(url)s, which no tablet or phone can reach. Start Podium with HOST=0.0.0.0 (make run does) on the venue network, or set PODIUM_PUBLIC_URL to the address the tablets use, then print this sheet again (README, "At the venue").': 'དེ་དག་གིས་ %(url)s ཁ་ཕྱེ་བས། ལག་ཐེར་གློག་ཀླད་དང་ཁ་པར་གང་གིས་ཀྱང་དེར་འབྱོར་མི་ཐུབ། འགྲན་སའི་དྲ་བའི་ནང་ HOST=0.0.0.0 ཐོག་ Podium འགོ་འཛུགས་པའམ། (make run གྱིས་དེ་ལྟར་བྱེད།) ཡང་ན་ PODIUM_PUBLIC_URL ལ་ལག་ཐེར་གློག་ཀླད་ཀྱིས་སྤྱོད་པའི་ཁ་བྱང་བཀོད་རྗེས། ཤོག་བྱང་འདི་བསྐྱར་དུ་པར་འདེབས་གནང་། (README, "At the venue")',
    # issue 13: the import's lost letters, stages of added units, the advanced tier
    "The column %(column)s holds only question marks in rows %(rows)s: the names were lost when the file was saved. Excel's plain “CSV” (GBK) cannot hold Tibetan and writes “?” for every Tibetan letter. Save the sheet as “CSV UTF-8” or as an Excel workbook (.xlsx) and upload it again.": 'གྱེན་སྟར་ %(column)s ཡི་འཕྲེད་སྟར་ %(rows)s ནང་དྲི་རྟགས་ཁོ་ན་ཡོད། ཡིག་ཆ་ཉར་དུས་མིང་རྣམས་བོར་སོང་། Excel གྱི་ “CSV” (GBK) ནང་བོད་ཡིག་ཉར་མི་ཐུབ་པས་བོད་ཡིག་གི་ཡི་གེ་རེ་རེའི་ཚབ་ཏུ་ “?” འབྲི། རེའུ་མིག་དེ་ “CSV UTF-8” ཡང་ན་ Excel ཡིག་ཆ་ (.xlsx) ལ་ཉར་ནས་ཡང་བསྐྱར་ཡར་འཇུག་གནང་།',
    "With Tibetan names, save the sheet as .xlsx or as “CSV UTF-8”: Excel's plain “CSV” (GBK) turns every Tibetan letter into “?”, and such a file is refused. CSV encodings read: UTF-8, GBK, GB18030, UTF-16. Names in Tibetan script are kept exactly as written.": 'བོད་ཡིག་གི་མིང་ཡོད་ན་རེའུ་མིག་ .xlsx ཡང་ན་ “CSV UTF-8” ལ་ཉར་རོགས། Excel གྱི་ “CSV” (GBK) ཡིས་བོད་ཡིག་གི་ཡི་གེ་རེ་རེ་ “?” ལ་བསྒྱུར་བས་ཡིག་ཆ་དེ་ལེན་མི་ཐུབ། ཀློག་ཐུབ་པའི་ CSV ཨང་སྒྲིག: UTF-8, GBK, GB18030, UTF-16 ། བོད་ཡིག་གི་མིང་རྣམས་ཇི་བྲིས་བཞིན་ཉར་ཚགས་བྱེད།',
    'Stages added: %(stages)s.': 'འགྲན་རིམ་ཁ་སྣོན་བྱས་ཟིན། %(stages)s',
    'Every unit has its stages.': 'སྡེ་ཚན་ཚང་མར་རང་གི་འགྲན་རིམ་ཡོད།',
    'These units have no stage in a tier of their level: their contestants cannot be imported or advanced there.': 'སྡེ་ཚན་འདི་དག་ལ་རང་གི་རིམ་པའི་འགྲན་རིམ་མེད། དེའི་འགྲན་ཞུགས་པ་ནང་འདྲེན་དང་རིམ་འཕར་བྱེད་མི་ཐུབ།',
    'Add the missing stages': 'མེད་པའི་འགྲན་རིམ་ཁ་སྣོན་བྱེད།',
    'Went on to %(tier)s': '%(tier)s ལ་རིམ་འཕར་ཟིན།',
    'This tier has advanced: %(n)s went on.': 'རིམ་པ་འདི་རིམ་འཕར་ཟིན། མི་ %(n)s རིམ་འཕར་བྱུང་།',
    # issue 13: the boards, the chief's tablet, the organizer's labels
    "Stage finished": "འགྲན་བསྡུར་མཇུག་རྫོགས", "Final results": "མཐའ་མའི་གྲུབ་འབྲས", "Place %(rank)s": "གོ་རིམ་ %(rank)s",
    "Call the first entry: press “Call next entry”": "འགྲན་ཞུགས་པ་དང་པོ་འབོད་རོགས། “རྗེས་མ་འབོད”མནན།",
    "Campaign name": "བྱེད་སྒོའི་མིང", "Unit name": "སྡེ་ཚན་གྱི་མིང", "Seat this judge": "ཐག་གཅོད་པ་གོ་སར་སྒྲིག", "Time limit": "དུས་ཚོད་ཀྱི་ཚད",
    # issue 13: screens
    'Full ranking': 'གོ་རིམ་ཐོ་ཆ་ཚང་།',
    'Team colours': 'རུ་ཁག་གི་ཚོས་གཞི།', 'Boards’ band': 'བརྙན་ཡོལ་གྱི་ཁ་བྱང་ཐིག་ཁྲམ།', 'Band title': 'ཐིག་ཁྲམ་གྱི་ཁ་བྱང་།', 'Logo': 'མཚོན་རྟགས།',
    'Remove the logo': 'མཚོན་རྟགས་སུབ།', 'Team': 'རུ་ཁག', 'Colour': 'ཚོས་གཞི།', 'No colour': 'ཚོས་གཞི་མེད།', 'Back to the campaign': 'བྱེད་སྒོར་ཕྱིར་ལོག',
    'The title and logo shown at the top of every board of this campaign (not on the narrow 1280x256 strip). PNG or JPEG, at most 512 KB.': 'བྱེད་སྒོ་འདིའི་བརྙན་ཡོལ་ཚང་མའི་སྟེང་དུ་མངོན་པའི་ཁ་བྱང་དང་མཚོན་རྟགས། (1280x256 ཡི་བརྙན་ཡོལ་ཞེང་ཆུང་སྟེང་མི་མངོན།) PNG ཡང་ན་ JPEG, ཆེ་ཤོས་ 512 KB.',
    'Each team’s colour is shown as a chip beside its name on the boards and phones. A knockout team without a colour of its own shows the colour it had in the group stage.': 'རུ་ཁག་རེ་རེའི་ཚོས་གཞི་བརྙན་ཡོལ་དང་ཁ་པར་སྟེང་གི་མིང་གི་འགྲམ་དུ་མངོན། ཕམ་ཕྱིར་འབུད་འགྲན་བསྡུར་ནང་ཚོས་གཞི་རང་མེད་པའི་རུ་ཁག་ལ་ཚོ་ཆུང་འགྲན་བསྡུར་གྱི་ཚོས་གཞི་མངོན།',
    'The logo has %(size)s KB; it may have at most %(limit)s KB.': 'མཚོན་རྟགས་ལ་ %(size)s KB ཡོད། ཆེ་ཤོས་ %(limit)s KB ཡིན་དགོས།',
    'The logo must be a PNG or JPEG picture.': 'མཚོན་རྟགས་ནི་ PNG ཡང་ན་ JPEG པར་རིས་ཡིན་དགོས།',
    "The band's title has %(length)s characters; it may have at most %(limit)s.": 'ཐིག་ཁྲམ་གྱི་ཁ་བྱང་ལ་ཡི་གེ་ %(length)s ཡོད། མང་ཤོས་ %(limit)s ཡིན་དགོས།',
    '%(colour)s is not a colour for %(team)s: choose one like #c00000.': '%(colour)s ནི་ %(team)s ཡི་ཚོས་གཞི་མིན། #c00000 ལྟ་བུ་ཞིག་འདེམས་རོགས།',
    "The boards' band is saved; open boards show it when they are reloaded.": 'བརྙན་ཡོལ་གྱི་ཁ་བྱང་ཐིག་ཁྲམ་ཉར་ཟིན། ཁ་ཕྱེ་ཟིན་པའི་བརྙན་ཡོལ་བསྐྱར་འཇུག་བྱས་རྗེས་མངོན།',
    "The teams' colours are saved and shown on the boards.": 'རུ་ཁག་གི་ཚོས་གཞི་ཉར་ཟིན་ཞིང་བརྙན་ཡོལ་སྟེང་མངོན་ཟིན།',
}

TIBETAN = re.compile("[\u0f00-\u0fff]")
CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
NEUTRAL = {"+%(n)s", "%(status)s for %(name)s"}  # no words to translate


def is_tibetan(msgid: str, text: str) -> bool:
    """Tibetan letters (but in NEUTRAL), and Chinese characters only where the msgid has them (examples of input)."""
    return (bool(TIBETAN.search(text)) or msgid in NEUTRAL) and not (CJK.search(text) and not CJK.search(msgid))


if __name__ == "__main__":
    write_catalog("bo", "Tibetan", BO, check=is_tibetan)
