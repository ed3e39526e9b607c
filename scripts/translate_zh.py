"""Writes translations/zh/LC_MESSAGES/messages.po from translations/messages.pot and the table below.

Run after `pybabel extract -F babel.cfg -o translations/messages.pot --no-location --omit-header .`;
every msgid must have a Chinese text here (the script fails listing the missing ones).
"""
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ZH = {
    "Open this page with the organizer link printed when the server started.": "请使用服务器启动时显示的组织者链接打开此页面。",
    "Live": "实时", "Offline · reconnecting": "离线 · 重连中", "Connecting…": "连接中…", "Final": "最终",
    "Provisional": "暂定", "Tie-break: mean of all judges": "同分·比均分", "Tie-break: highest judge total": "同分·比最高分",
    "Tie-break: criterion score": "同分·比单项", "Tie-break: %(step)s": "同分·%(step)s", "Shared rank": "并列",
    "Deduction %(amount)s": "扣分 %(amount)s", "Marks in: %(n)s/%(count)s": "已评 %(n)s/%(count)s",
    "No. %(order)s": "%(order)s号", "Now performing": "正在比赛", "Waiting for the first entry": "等待第一位选手上场",
    "Mark in": "已评", "Waiting for mark": "待评", "Dropped": "去掉", "Page %(page)s/%(pages)s": "第%(page)s/%(pages)s页",
    "Unknown stage": "没有这个赛场", "%(n)s ranked": "已排名 %(n)s 位", "Updated %(time)s": "更新于 %(time)s",
    "Live scores": "实时比分", "Scan for live scores": "扫码看实时成绩", "Ranking": "排名", "No scores yet": "暂无成绩",
    "Screens": "屏幕", "Organizer console": "组织者控制台", "Judges' QR sheet": "评委二维码登录表",
    "Print this sheet and cut it up; each judge scans their own code with the tablet camera. Keep it private: a code is a login.":
        "打印本页并裁开，每位评委用平板摄像头扫描自己的二维码。请妥善保管：二维码即登录凭证。",
    "Print": "打印", "Chief judge": "主裁判", "Category": "类别", "Event": "项目", "Stage": "赛段", "Entries": "选手",
    "Judges": "评委", "Screens and sheets": "屏幕与表格", "LED board": "LED大屏", "Spectators' page": "观众页面",
    "No stages yet. Load a competition file with: podium load FILE": "还没有赛段。请用命令导入比赛文件：podium load 文件",
    "Open a board on the LED wall; spectators scan the QR code with their phones.": "在LED大屏上打开比分页；观众用手机扫描二维码观看。",
    "Open the LED board": "查看大屏", "Judge tablet": "评委平板", "Connected": "已连接", "Offline, reconnecting": "离线，正在重连",
    "Connecting": "连接中", "This login is not valid. Scan your QR code again.": "登录无效，请重新扫描您的二维码。",
    "Waiting for the chief judge to call the first entry": "等待主裁判叫第一位选手", "Your total": "您的总分",
    "Submit marks": "提交评分", "Panel": "评委组", "Lock entry": "锁定成绩", "Unlock": "解锁", "Call next entry": "叫下一位",
    "Running order": "出场顺序", "Saved · revision %(n)s": "已保存 · 第%(n)s版", "Sending…": "发送中…",
    "Offline: will send when reconnected": "离线：重新连接后自动发送", "Locked by the chief judge": "主裁判已锁定",
    "On stage": "正在比赛", "Marked": "已评", "Locked": "已锁定", "Check the highlighted marks": "请检查标红的分数",
    "Between %(min)s and %(max)s, in steps of %(step)s": "%(min)s 至 %(max)s 分，每档 %(step)s 分", "Done": "完成",
    "far from the others": "与其他评委差距大", "waiting": "待评", "Lock this entry? Its result becomes final.": "锁定该选手？成绩将成为最终成绩。",
    "This entry is not in your stage.": "该选手不在您的赛段。", "Unknown entry.": "没有这位选手。", "Unknown criterion.": "没有这个评分项。",
    "Every criterion needs a mark.": "每个评分项都要打分。", "A mark is not a number.": "分数必须是数字。",
    "A mark is out of range.": "分数超出范围。", "A mark is not in the allowed steps.": "分数不符合打分档次。",
    "This entry is locked.": "该选手成绩已锁定。", "Too much data.": "数据过大。",
    "Not every judge has marked this entry yet.": "还有评委没有打分。", "The running order is finished.": "出场顺序已结束。",
    "Only the chief judge can do this.": "只有主裁判可以进行此操作。",
    "Scorekeeper": "记分员", "Chief scorekeeper": "主记分员", "Scorekeepers' QR sheet": "记分员二维码登录表",
    "Print this sheet; each scorekeeper scans their own code with the tablet or laptop camera. Keep it private: a code is a login.":
        "打印本页，每位记分员用平板或笔记本摄像头扫描自己的二维码。请妥善保管：二维码即登录凭证。", "Fixtures": "赛程", "Start period": "开始本节", "Pause": "暂停", "Resume": "继续",
    "End period": "本节结束", "End match": "比赛结束", "Yellow card": "黄牌", "Red card": "红牌", "Foul": "犯规",
    "Substitution": "换人", "Penalty scored": "点球罚进", "Penalty missed": "点球罚失", "Undo last": "撤销上一步",
    "Line-ups (before kick-off)": "首发名单（开赛前）", "Player unknown": "不确定球员", "Cancel": "取消",
    "Score": "得分", "Goal": "进球", "+%(n)s": "+%(n)s", "Pull won": "赢一局", "Saved": "已保存",
    "End the match? The result counts in the table.": "结束比赛？比分将计入积分榜。",
    "Who scored?": "谁得分？", "Which player?": "哪位球员？", "Player going off": "换下球员", "Player coming on": "换上球员",
    "Save line-up": "保存名单", "Starts": "首发", "Named": "报名", "First half": "上半场", "Second half": "下半场",
    "Period %(n)s": "第%(n)s节", "Not started": "未开始", "Full time": "全场结束", "Postponed": "延期",
    "Kick-off": "开球", "Clock paused": "计时暂停", "Clock running": "计时继续", "End of period": "本节结束",
    "Penalty": "点球", "The match has not started.": "比赛尚未开始。", "The match is over.": "比赛已结束。",
    "Not now: check the clock and period.": "现在不能操作：请检查计时和节次。", "Not a valid score.": "得分无效。",
    "That score is not plausible.": "比分不合理。", "Unknown player.": "没有这名球员。",
    "That player is not on the field.": "该球员不在场上。", "That player has been sent off.": "该球员已被罚下。",
    "Too many players from outside the village.": "外村球员超过限额。", "This match cannot end level.": "本场比赛不能以平局结束。",
    "Nothing to undo.": "没有可撤销的操作。", "Unknown fixture.": "没有这场比赛。", "Not your stage.": "不是您负责的赛段。",
    'Tie-break: points': '同分·比积分',
    'Tie-break: score difference': '同分·比净胜',
    'Tie-break: scored': '同分·比得分',
    'Tie-break: wins': '同分·比胜场',
    'Tie-break: head-to-head points': '同分·比相互积分',
    'Tie-break: head-to-head difference': '同分·比相互净胜',
    'Tie-break: head-to-head scored': '同分·比相互得分',
    'Tie-break: head-to-head wins': '同分·比相互胜场',
    'Tie-break: fair play': '同分·比公平竞赛分',
    'Tie-break: drawing of lots': '同分·抽签决定',
    'Lots to be drawn': '待抽签',
    'Group %(group)s': '%(group)s组',
    'Table': '积分榜',
    'Standings': '积分榜',
    'Pld': '场',
    'W': '胜',
    'D': '平',
    'L': '负',
    '+/-': '净胜',
    'Pts': '积分',
    'Round %(n)s': '第%(n)s轮',
    'Round of %(n)s': '%(n)s强赛',
    'Quarter-finals': '四分之一决赛',
    'Semi-finals': '半决赛',
    'Final match': '决赛',
    'Third-place match': '三四名决赛',
    'Extra time %(n)s': '加时赛第%(n)s段',
    'Quarter %(n)s': '第%(n)s节',
    'Overtime %(n)s': '加时%(n)s',
    'Pull %(n)s': '第%(n)s局',
    'Half time': '中场休息',
    'End of %(period)s': '%(period)s结束',
    'Forfeit': '弃权',
    'In play': '进行中',
    'Penalty shoot-out': '点球大战',
    'Penalties %(home)s:%(away)s': '点球 %(home)s:%(away)s',
    'Goal!': '进球！',
    '%(n)s points': '%(n)s分球',
    'Free throw': '罚球命中',
    'Start of %(period)s': '%(period)s开始',
    'Play resumed': '比赛继续',
    'No. %(number)s %(name)s': '%(number)s号 %(name)s',
    'Winner of %(match)s': '%(match)s胜者',
    'Loser of %(match)s': '%(match)s负者',
    'To be decided': '待定',
    'vs': '对',
    'Latest results': '最新赛果',
    'Next matches': '后续赛程',
    'Also in play': '同时进行',
    'No matches yet': '暂无比赛',
    'Knockout bracket': '淘汰赛对阵',
    # measured events: boards, phones and the recorder's console
    'Tie-break: second-best attempt': '同分·比次好成绩', 'Tie-break: placing at the finish': '同分·比终点名次',
    'Tie-break: countback': '同分·比高分次数', 'Running': '进行中', 'Results coming in': '成绩录入中',
    'Every result in': '成绩已齐', 'Confirmed': '已确认', 'Time left': '剩余时间', 'Time is up': '时间到',
    'Starts in': '距出发', 'Time': '用时', 'Latest result': '最新成绩', 'Corrected result': '更正成绩',
    'Q: qualified by place': 'Q：按名次晋级', 'q: qualified on time': 'q：按成绩晋级',
    'The start list is drawn from the heats': '决赛名单将由预赛成绩产生', 'Heats': '分组',
    'Print this sheet; each recorder (timekeeper, measurer) scans their own code with the tablet camera. Keep it private: a code is a login.':
        '打印此页；每位记录员（计时员、丈量员）用平板摄像头扫描自己的二维码。请妥善保管：二维码即登录凭证。',
    'Chief recorder': '记录长', 'Recorder': '记录员', 'Draw the start list from the heats': '由预赛成绩生成决赛名单',
    'Start (gun)': '发令（开始计时）', 'Stop clock': '停表', 'False start: reset': '抢跑：重置',
    'Lane': '道次', 'Entry': '选手', 'Attempts': '各次成绩', 'Record': '录入', 'Result': '成绩', 'Rank': '名次',
    'Finish': '终点顺序', 'Order of arrival': '到达顺序', 'Clear': '清除', 'Save the order of arrival': '保存到达顺序',
    'Confirm this heat': '确认本组成绩', 'Reopen for a correction': '重新开放以更正', 'New result': '新成绩',
    'Reason (recorded in the audit log)': '原因（记入审计日志）', 'Save': '保存', 'Watch %(n)s': '表%(n)s',
    'e.g. 1:05.3 or 65.3': '如 1:05.3 或 65.3', 'Correct attempt %(n)s of %(name)s': '更正 %(name)s 的第%(n)s次成绩',
    '%(status)s for %(name)s': '%(name)s：%(status)s', 'Reopen %(heat)s': '重新开放 %(heat)s',
    'Confirm the results of %(heat)s? They become final.': '确认 %(heat)s 的成绩？确认后成绩即为最终成绩。',
    'Status…': '状态…', 'No mark (failed attempt)': '无成绩（试举失败）', 'DNS · did not start': 'DNS · 未出发',
    'DNF · did not finish': 'DNF · 未完成', 'DQ · disqualified': 'DQ · 取消资格',
    "This final's start list is drawn from the heats of %(stage)s once they are all confirmed.":
        '%(stage)s 各组成绩全部确认后，由其产生本决赛的出发名单。',
    'Not a number.': '不是数字。', 'Out of range.': '超出范围。', "More precise than the event's resolution.": '精度超过本项目的计量单位。',
    'No attempts left.': '已无剩余次数。', 'Unknown status.': '未知状态。', 'Already recorded: correct it instead.': '已录入：请改用更正。',
    'Not now (check the clock and the attempts before).': '现在不能操作（请检查计时和之前的成绩）。',
    'Nothing recorded to correct.': '没有可更正的成绩。', 'Give a reason.': '请填写原因。', 'This heat is confirmed.': '本组成绩已确认。',
    'Results are missing.': '还有成绩未录入。', 'Not in this start list.': '不在本出发名单中。',
    'Only the chief recorder can do this.': '只有记录长可以执行此操作。', 'The heats are not all confirmed.': '预赛各组尚未全部确认。',
    'A tie at the qualifying cut: the organizer decides.': '晋级线上成绩相同：由组委会决定。',
    "The final's start list is already drawn.": '决赛名单已生成。', 'This heat is not confirmed.': '本组成绩尚未确认。',
    # organizer accounts
    'Wrong username or password.': '用户名或密码错误。', 'Log out': '退出登录', "Officials' QR sheet": '裁判员二维码登录表',
    'Organizer login': '组委会登录', 'Username': '用户名', 'Password': '密码', 'Log in': '登录',
}

root = Path(__file__).resolve().parent.parent / "translations"
with open(root / "messages.pot", "rb") as f:
    catalog = read_po(f, locale="zh")
missing = [m.id for m in catalog if m.id and m.id not in ZH]
if missing:
    sys.exit("No Chinese text for:\n  " + "\n  ".join(missing))
catalog.fuzzy = False
for message in catalog:
    if message.id:
        message.string = ZH[message.id]
out = root / "zh" / "LC_MESSAGES"
out.mkdir(parents=True, exist_ok=True)
with open(out / "messages.po", "wb") as f:
    write_po(f, catalog, omit_header=False, no_location=True)
print(f"{len(catalog)} messages written to {out / 'messages.po'}")
