<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>Workers&apos; Medical Mutual Aid — county desk</source>
        <translation>职工医疗互助保障 — 县级服务点</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <source>Database schema:</source>
        <translation>数据库结构版本：</translation>
    </message>
    <message>
        <source>&amp;Open data folder</source>
        <translation>打开数据文件夹(&amp;O)</translation>
    </message>
</context>
<context>
    <name>AccountPage</name>
    <message>
        <source>Login name:</source>
        <translation>登录名：</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>May:</source>
        <translation>可以办理：</translation>
    </message>
    <message>
        <source>Change my &amp;password…</source>
        <translation>修改我的密码(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Lock screen</source>
        <translation>锁定屏幕(&amp;L)</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>注销(&amp;O)</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <source>&amp;Find member…</source>
        <translation>查找职工(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;New claim</source>
        <translation>新建理赔(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Su&amp;bmit</source>
        <translation>提交(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>S&amp;ync now</source>
        <translation>立即同步(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Lock screen</source>
        <translation>锁定屏幕(&amp;L)</translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation>修改密码(&amp;P)…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>注销(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键一览(&amp;K)</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
</context>
<context>
    <name>AddMemberDialog</name>
    <message>
        <source>Add member</source>
        <translation>登记新职工</translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation>登记(&amp;R)</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Add a user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Login name:</source>
        <translation>登录名：</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>First password:</source>
        <translation>初始密码：</translation>
    </message>
    <message>
        <source>Password again:</source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>Analysis</name>
    <message>
        <source>By gender</source>
        <translation>按性别</translation>
    </message>
    <message>
        <source>By age band</source>
        <translation>按年龄段</translation>
    </message>
    <message>
        <source>By member category</source>
        <translation>按人员类别</translation>
    </message>
    <message>
        <source>By claim kind</source>
        <translation>按类别</translation>
    </message>
    <message>
        <source>By disease chapter</source>
        <translation>按疾病章节</translation>
    </message>
    <message>
        <source>By industry</source>
        <translation>按产业</translation>
    </message>
    <message>
        <source>By medical insurance</source>
        <translation>按医保类型</translation>
    </message>
    <message>
        <source>Jan</source>
        <translation>1月</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>2月</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>3月</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>4月</translation>
    </message>
    <message>
        <source>May</source>
        <translation>5月</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>6月</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>7月</translation>
    </message>
    <message>
        <source>Aug</source>
        <translation>8月</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>9月</translation>
    </message>
    <message>
        <source>Oct</source>
        <translation>10月</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>11月</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>12月</translation>
    </message>
</context>
<context>
    <name>AnalysisScreen</name>
    <message>
        <source>&amp;Year:</source>
        <translation>年度(&amp;Y)：</translation>
    </message>
    <message>
        <source>Export analysis… (Ctrl+E)</source>
        <translation>导出分析表… (Ctrl+E)</translation>
    </message>
    <message>
        <source>Write the year&apos;s analysis workbook (Ctrl+E)</source>
        <translation>写出该年度的分析工作簿 (Ctrl+E)</translation>
    </message>
    <message>
        <source>Open folder (Ctrl+O)</source>
        <translation>打开文件夹 (Ctrl+O)</translation>
    </message>
    <message>
        <source>Working out %1…</source>
        <translation>正在计算 %1…</translation>
    </message>
    <message>
        <source>Payout ratio by month</source>
        <translation>各月资金使用率</translation>
    </message>
    <message>
        <source>%1: %2 claim(s) received, %3 claim(s) of %4 member(s) paid, %5 yuan.</source>
        <translation>%1 年：受理 %2 件，给付 %4 人 %3 人次，合计 %5 元。</translation>
    </message>
    <message>
        <source>Payouts %1, %2</source>
        <translation>%2 年给付金额（%1）</translation>
    </message>
    <message>
        <source>Paid (yuan)</source>
        <translation>给付金额（元）</translation>
    </message>
    <message>
        <source>%1 claims</source>
        <translation>%1 人次</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Claims paid</source>
        <translation>给付人次</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Payout ratio (资金使用率) by month, %1</source>
        <translation>%1 年各月资金使用率（期内累计）</translation>
    </message>
    <message>
        <source>Payout ratio</source>
        <translation>资金使用率</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Only a reviewer may export the analysis.</source>
        <translation>只有审核人可以导出年度分析。</translation>
    </message>
    <message>
        <source>Save the annual analysis</source>
        <translation>保存年度分析表</translation>
    </message>
    <message>
        <source>Analysis written to %1.</source>
        <translation>年度分析表已写出：%1。</translation>
    </message>
    <message>
        <source>Export cancelled: nothing was written.</source>
        <translation>已取消导出，没有写出任何文件。</translation>
    </message>
    <message>
        <source>Writing the analysis of %1…</source>
        <translation>正在写出 %1 年度分析表…</translation>
    </message>
</context>
<context>
    <name>Audit</name>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>Change user</source>
        <translation>修改用户</translation>
    </message>
    <message>
        <source>Change own password</source>
        <translation>修改本人密码</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Unlock account</source>
        <translation>解锁账户</translation>
    </message>
    <message>
        <source>Change settings</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <source>Back up</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Restore backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Add unit</source>
        <translation>添加参保单位</translation>
    </message>
    <message>
        <source>Change unit</source>
        <translation>修改参保单位</translation>
    </message>
    <message>
        <source>Add member</source>
        <translation>添加职工</translation>
    </message>
    <message>
        <source>Change member</source>
        <translation>修改职工信息</translation>
    </message>
    <message>
        <source>Enroll</source>
        <translation>参保登记</translation>
    </message>
    <message>
        <source>Enrollment batch</source>
        <translation>参保批次</translation>
    </message>
    <message>
        <source>Premium receipt number</source>
        <translation>登记缴费票据号</translation>
    </message>
    <message>
        <source>Import roster</source>
        <translation>导入参保名册</translation>
    </message>
    <message>
        <source>Load scheme</source>
        <translation>导入方案</translation>
    </message>
    <message>
        <source>Activate scheme</source>
        <translation>启用方案</translation>
    </message>
    <message>
        <source>Deactivate scheme</source>
        <translation>停用方案</translation>
    </message>
    <message>
        <source>Create demo data</source>
        <translation>生成演示数据</translation>
    </message>
    <message>
        <source>Refused (no permission)</source>
        <translation>越权被拒</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>服务点/终端</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>All outcomes</source>
        <translation>全部结果</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>日期(&amp;D)</translation>
    </message>
    <message>
        <source>Object contains…</source>
        <translation>对象包含…</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>查询(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Verify the chain</source>
        <translation>校验日志完整性(&amp;V)</translation>
    </message>
    <message>
        <source>Checks that no entry was changed or removed since it was written.</source>
        <translation>检查日志写入后是否有条目被修改或删除。</translation>
    </message>
    <message>
        <source>Person:</source>
        <translation>操作人：</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>操作：</translation>
    </message>
    <message>
        <source>Outcome:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>文字：</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>全部人员</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>%1 entries</source>
        <translation>共 %1 条</translation>
    </message>
    <message>
        <source>Checking the audit log…</source>
        <translation>正在校验审计日志…</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>The audit log is intact: %1 entries checked.</source>
        <translation>审计日志完整：已校验 %1 条。</translation>
    </message>
    <message>
        <source>The audit log was tampered with:</source>
        <translation>审计日志被篡改：</translation>
    </message>
</context>
<context>
    <name>BackupModel</name>
    <message>
        <source>made by hand</source>
        <translation>手动备份</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动备份</translation>
    </message>
    <message>
        <source>on leaving the program</source>
        <translation>退出程序时</translation>
    </message>
    <message>
        <source>Taken at</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>before a program update</source>
        <translation>程序升级前</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Restore the selected backup…</source>
        <translation>恢复所选备份(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Open the backup folder</source>
        <translation>打开备份文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>Only backups that pass SQLite&apos;s integrity check are listed. Restoring keeps the current database beside the restored one, and everyone signs in again.</source>
        <translation>这里只列出通过完整性检查的备份。恢复时，当前数据库会另存一份放在旁边；恢复后所有人需重新登录。</translation>
    </message>
    <message>
        <source>Backup folder: %1</source>
        <translation>备份文件夹：%1</translation>
    </message>
    <message>
        <source>Backed up to %1</source>
        <translation>已备份到 %1</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Replace the database with the backup taken at %1?</source>
        <translation>确定用 %1 的备份替换当前数据库吗？</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Everything entered after that time is no longer in the database (the current file is kept beside it). The window closes and everyone signs in again.</source>
        <translation>该时间之后录入的内容将不在数据库中（当前数据库文件会另存保留）。窗口将关闭，所有人需重新登录。</translation>
    </message>
</context>
<context>
    <name>BatchPrintScreen</name>
    <message>
        <source>&amp;List</source>
        <translation>列出(&amp;L)</translation>
    </message>
    <message>
        <source>Make the PDF and preview (Ctrl+P)</source>
        <translation>生成 PDF 并预览（Ctrl+P）</translation>
    </message>
    <message>
        <source>Approved on:</source>
        <translation>审批日期：</translation>
    </message>
    <message>
        <source>Each form starts on a new page, in approval-number order, with its own page numbers. Print them, have them signed and stamped, and file them.</source>
        <translation>每份审批表从新的一页开始，按审批编号排列，各自编页码。打印后签字盖章归档。</translation>
    </message>
    <message>
        <source>Type a date, e.g. 2015-09-01.</source>
        <translation>请输入日期，如 2015-09-01。</translation>
    </message>
    <message>
        <source>%1 approval form(s), payout %2 yuan in all</source>
        <translation>共 %1 份审批表，给付合计 %2 元</translation>
    </message>
    <message>
        <source>No claim was approved on this day.</source>
        <translation>这一天没有审批通过的申请。</translation>
    </message>
    <message>
        <source>Laying out the approval forms…</source>
        <translation>正在排版审批表…</translation>
    </message>
    <message>
        <source>Cancelled: nothing was made.</source>
        <translation>已取消，未生成文档。</translation>
    </message>
</context>
<context>
    <name>BatchesPanel</name>
    <message>
        <source>Write lists…</source>
        <translation>写出名单…</translation>
    </message>
    <message>
        <source>Write the bank transfer list and the SMS list to a folder (W)</source>
        <translation>把代发明细和短信名单写到一个文件夹 (W)</translation>
    </message>
    <message>
        <source>Confirm paid…</source>
        <translation>确认已付款…</translation>
    </message>
    <message>
        <source>The bank has paid this batch: confirm it (P). This cannot be undone.</source>
        <translation>银行已按代发明细付款：确认本批次已付款 (P)。确认后不能撤销。</translation>
    </message>
    <message>
        <source>Cancel batch</source>
        <translation>作废批次</translation>
    </message>
    <message>
        <source>Cancel an open batch: its claims wait for payment again (Delete)</source>
        <translation>作废待付款的批次：其中的申请回到待给付 (Delete)</translation>
    </message>
    <message>
        <source>Reverse…</source>
        <translation>冲正…</translation>
    </message>
    <message>
        <source>Reverse (冲正) the chosen paid claim in the next batch (R)</source>
        <translation>对选中的已给付申请冲正，在下一个批次中扣回 (R)</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Open the folder the lists were written to (O)</source>
        <translation>打开名单所在的文件夹 (O)</translation>
    </message>
    <message>
        <source>No payment batch yet.</source>
        <translation>还没有给付批次。</translation>
    </message>
    <message>
        <source>Batch %1 — %2 row(s), %3 yuan</source>
        <translation>批次 %1 —— %2 行，%3 元</translation>
    </message>
    <message>
        <source>Before confirming: tick with Space any transfer the bank sent back.</source>
        <translation>确认前：银行退回的转账请用空格勾选。</translation>
    </message>
    <message>
        <source>Only a reviewer may handle payment batches.</source>
        <translation>只有审核人可以处理给付批次。</translation>
    </message>
    <message>
        <source>Choose a batch first.</source>
        <translation>请先选择一个批次。</translation>
    </message>
    <message>
        <source>Batch %1 is paid already: it cannot be changed.</source>
        <translation>批次 %1 已付款，不能再更改。</translation>
    </message>
    <message>
        <source>Write the batch&apos;s lists first (W) and give the bank list to the bank.</source>
        <translation>请先写出本批次的名单 (W)，并把代发明细交给银行。</translation>
    </message>
    <message>
        <source>Batch %1 is to be paid on %2: confirm it on that day or later.</source>
        <translation>批次 %1 的付款日期是 %2：请在当天或以后确认。</translation>
    </message>
    <message>
        <source>Only a claim of a paid batch can be reversed.</source>
        <translation>只有已付款批次中的申请可以冲正。</translation>
    </message>
    <message>
        <source>Choose the claim in the batch&apos;s rows first.</source>
        <translation>请先在批次明细中选择要冲正的申请。</translation>
    </message>
    <message>
        <source>This row is a reversal itself.</source>
        <translation>这一行本身就是冲正记录。</translation>
    </message>
    <message>
        <source>Folder for the lists of batch %1</source>
        <translation>批次 %1 名单的保存位置</translation>
    </message>
    <message>
        <source>Lists of batch %1 written: %2 and %3 in %4. Open the folder with O.</source>
        <translation>批次 %1 的名单已写出：%2 和 %3，位于 %4。按 O 打开文件夹。</translation>
    </message>
    <message>
        <source>Writing the lists…</source>
        <translation>正在写出名单…</translation>
    </message>
    <message>
        <source>Batch %1 confirmed paid: %2 claim(s), %3 yuan. The claims are paid.</source>
        <translation>批次 %1 已确认付款：%2 件，%3 元。这些申请已记为已给付。</translation>
    </message>
    <message>
        <source>%1 claim(s) not paid (no account, or sent back) wait for the next batch.</source>
        <translation>%1 件未付（缺少账号或被银行退回），回到待给付，等待下一个批次。</translation>
    </message>
    <message>
        <source>Cancel batch %1 (%2 claim(s), %3 yuan)? Its claims wait for payment again.</source>
        <translation>作废批次 %1（%2 件，%3 元）？其中的申请回到待给付。</translation>
    </message>
    <message>
        <source>Its bank list was written on %1. Cancel only if the bank did not get it or sent it back: a list the bank pays must be confirmed, not cancelled.</source>
        <translation>本批次的代发明细已于 %1 写出。只有银行没有收到或已退回时才能作废；银行已付款的批次必须确认付款，不能作废。</translation>
    </message>
    <message>
        <source>The bank did not get it: cancel</source>
        <translation>银行未收到，作废</translation>
    </message>
    <message>
        <source>Batch %1 cancelled.</source>
        <translation>批次 %1 已作废。</translation>
    </message>
    <message>
        <source>Reversal of %1 yuan on %2 recorded: it goes into the next payment batch.</source>
        <translation>已登记 %2 的冲正 %1 元：它将进入下一个给付批次。</translation>
    </message>
</context>
<context>
    <name>BehindBanner</name>
    <message>
        <source>Reco&amp;ver from the city…</source>
        <translation>从市里恢复(&amp;V)…</translation>
    </message>
    <message>
        <source>Ask the admin to recover from the city on this screen.</source>
        <translation>请管理员在本页“从市里恢复”。</translation>
    </message>
    <message>
        <source>A backup was restored: what reached the city after it is not on this desk. Sync now; if the desk is behind the city it will say so and offer recovery.</source>
        <translation>已恢复备份：备份之后同步到市里的数据不在本机上。请先同步；若本机落后于市里，会提示并提供恢复。</translation>
    </message>
    <message>
        <source>Recover from the city</source>
        <translation>从市里恢复</translation>
    </message>
    <message>
        <source>Bring back from the city every record of this site that this desk lacks? The city&apos;s versions replace older ones here; changes typed here since the restore that the city holds newer are kept as findings. This is recorded in the audit log.</source>
        <translation>从市里取回本服务点本机缺少的全部记录？市里的版本将替换本机较旧的版本；恢复备份后在本机改过、而市里已有更新版本的记录，本机的改动保存为提示。此操作记入审计日志。</translation>
    </message>
    <message>
        <source>&amp;Recover</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>Recovered from the city: %1 records written, %2 conflicts kept as findings, %3 changes typed here to send.</source>
        <translation>已从市里恢复：写入 %1 条记录，%2 条冲突保存为提示，本机新录入的 %3 条变更待上传。</translation>
    </message>
    <message>
        <source>Recovering from the city…</source>
        <translation>正在从市里恢复…</translation>
    </message>
    <message>
        <source>This desk&apos;s audit log was shorter than the one the city received: it now continues after the city&apos;s entry %1, and the entries up to %1 are held at the city (Verify the chain on the audit page says so).</source>
        <translation>本机审计日志比市里收到的短（恢复了备份或换了新电脑）：已接到市里保存的第 %1 条之后继续记录，第 %1 条及以前的记录以市里保存的为准（审计日志页的“校验日志完整性”会说明）。</translation>
    </message>
    <message>
        <source>Audit log: entry %1 here is not the one the city received. It is kept as a finding on this screen; find out at once whether this desk&apos;s database was changed.</source>
        <translation>审计日志异常：本机第 %1 条审计日志与市里收到的不同，已记为提示（见本页）；请立即核查本机数据库是否被改动。</translation>
    </message>
    <message>
        <source>This desk is behind the city</source>
        <translation>本机数据落后于市里</translation>
    </message>
    <message>
        <source>This desk holds less than the city has of it (a backup was restored, or this is a new PC). Recover from the city before entering new work, so that nothing collides with what the city holds.</source>
        <translation>本机的数据比市里收到的少（可能恢复过备份，或换了电脑）。请先从市里恢复，再录入新数据，以免与市里的记录冲突。</translation>
    </message>
    <message>
        <source>Go to &amp;Sync</source>
        <translation>转到同步页(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>稍后(&amp;L)</translation>
    </message>
</context>
<context>
    <name>CalcPanel</name>
    <message>
        <source>Calculation</source>
        <translation>计算结果</translation>
    </message>
    <message>
        <source>Not payable: %1</source>
        <translation>不予给付：%1</translation>
    </message>
    <message>
        <source>Payout %1 yuan</source>
        <translation>给付 %1 元</translation>
    </message>
    <message>
        <source>Hospital days</source>
        <translation>住院天数</translation>
    </message>
    <message>
        <source>Annual cap left after this claim</source>
        <translation>本次后年度封顶余额</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>不封顶</translation>
    </message>
    <message>
        <source>Calculation (live preview: nothing is stored until you save)</source>
        <translation>计算结果（实时试算，保存前不会记入）</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>计算过程</translation>
    </message>
</context>
<context>
    <name>CaptureDialog</name>
    <message>
        <source>Scan: %1</source>
        <translation>扫描：%1</translation>
    </message>
    <message>
        <source>Take shot (Space)</source>
        <translation>拍摄（空格）</translation>
    </message>
    <message>
        <source>From file… (Ctrl+O)</source>
        <translation>从文件选择…（Ctrl+O）</translation>
    </message>
    <message>
        <source>Turn the last one (R)</source>
        <translation>旋转上一张（R）</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>No document camera found. Pick the scanned files instead (Ctrl+O).</source>
        <translation>没有找到高拍仪，请改为选择扫描好的文件（Ctrl+O）。</translation>
    </message>
    <message>
        <source>%1: Space takes a shot, R turns the last one, Enter keeps the shots.</source>
        <translation>%1：空格键拍摄，R 键把上一张旋转 90°，回车保存所拍。</translation>
    </message>
    <message>
        <source>Only pictures can be turned; a PDF is kept as it is.</source>
        <translation>只能旋转图片；PDF 文件按原样保存。</translation>
    </message>
    <message>
        <source> — turned</source>
        <translation>（已旋转）</translation>
    </message>
    <message>
        <source>Shot %1</source>
        <translation>第 %1 张</translation>
    </message>
    <message>
        <source>Scanned papers</source>
        <translation>扫描的材料</translation>
    </message>
    <message>
        <source>Pictures and PDF (*.jpg *.jpeg *.png *.pdf)</source>
        <translation>图片和 PDF（*.jpg *.jpeg *.png *.pdf）</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Current password:</source>
        <translation>原密码：</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>New password again:</source>
        <translation>再次输入新密码：</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>密码已修改。</translation>
    </message>
</context>
<context>
    <name>ClaimEditor</name>
    <message>
        <source>ICD-10, e.g. C50.9</source>
        <translation>ICD-10 编码，如 C50.9</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>类别(&amp;K)：</translation>
    </message>
    <message>
        <source>Ad&amp;mitted ～ discharged:</source>
        <translation>入院～出院(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Visit date:</source>
        <translation>就诊日期(&amp;V)：</translation>
    </message>
    <message>
        <source>Add recei&amp;pt</source>
        <translation>添加票据(&amp;P)</translation>
    </message>
    <message>
        <source>Remove receipt</source>
        <translation>删除票据</translation>
    </message>
    <message>
        <source>Da&amp;te of death:</source>
        <translation>身故日期(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Diagnosis code:</source>
        <translation>疾病编码(&amp;D)：</translation>
    </message>
    <message>
        <source>%1 is not a date: %2</source>
        <translation>%1不是有效日期：%2</translation>
    </message>
    <message>
        <source>Fill in the %1.</source>
        <translation>请填写%1。</translation>
    </message>
    <message>
        <source>date of death</source>
        <translation>身故日期</translation>
    </message>
    <message>
        <source>Receipt %1 has no total cost.</source>
        <translation>票据 %1 没有填写医疗费总额。</translation>
    </message>
    <message>
        <source>Receipt %1: “%2” is not an amount.</source>
        <translation>票据 %1：“%2”不是有效金额。</translation>
    </message>
    <message>
        <source>admission date</source>
        <translation>入院日期</translation>
    </message>
    <message>
        <source>discharge date</source>
        <translation>出院日期</translation>
    </message>
    <message>
        <source>visit date</source>
        <translation>就诊日期</translation>
    </message>
</context>
<context>
    <name>ClaimForm</name>
    <message>
        <source>ID card (reader), ID number, name or pinyin initials</source>
        <translation>刷身份证，或输入身份证号、姓名、拼音首字母</translation>
    </message>
    <message>
        <source>Inpatient</source>
        <translation>住院</translation>
    </message>
    <message>
        <source>Outpatient</source>
        <translation>门诊</translation>
    </message>
    <message>
        <source>Death</source>
        <translation>身故</translation>
    </message>
    <message>
        <source>1 inpatient, 2 outpatient, 3 death</source>
        <translation>按 1 住院、2 门诊、3 身故</translation>
    </message>
    <message>
        <source>Adm&amp;itted:</source>
        <translation>入院日期(&amp;I)：</translation>
    </message>
    <message>
        <source>Discharged (o&amp;ut):</source>
        <translation>出院日期(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Visit date:</source>
        <translation>就诊日期(&amp;V)：</translation>
    </message>
    <message>
        <source>Da&amp;te of death:</source>
        <translation>身故日期(&amp;T)：</translation>
    </message>
    <message>
        <source>Choose the scheme the claim is under</source>
        <translation>请选择申请所依据的参保方案</translation>
    </message>
    <message>
        <source>Hospital name or code</source>
        <translation>医院名称或编码</translation>
    </message>
    <message>
        <source>ICD-10 code or name of the diagnosis, e.g. C50.9</source>
        <translation>ICD-10 编码或疾病名称，如 C50.9 或 乳腺</translation>
    </message>
    <message>
        <source>&amp;Member:</source>
        <translation>职工(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>类别(&amp;K)：</translation>
    </message>
    <message>
        <source>Sch&amp;eme:</source>
        <translation>参保方案(&amp;E)：</translation>
    </message>
    <message>
        <source>Hos&amp;pital:</source>
        <translation>医院(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Diagnosis:</source>
        <translation>疾病诊断(&amp;D)：</translation>
    </message>
    <message>
        <source>N&amp;ote:</source>
        <translation>备注(&amp;O)：</translation>
    </message>
    <message>
        <source>P&amp;apers:</source>
        <translation>材料(&amp;A)：</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>born %1</source>
        <translation>出生 %1</translation>
    </message>
    <message>
        <source>%1 enrollment(s)</source>
        <translation>参保 %1 项</translation>
    </message>
    <message>
        <source>%1 · %2 share(s) · %3 to %4</source>
        <translation>%1 · %2 份 · %3 至 %4</translation>
    </message>
</context>
<context>
    <name>ClaimIntakeScreen</name>
    <message>
        <source>Open one of my claims (Ctrl+O)</source>
        <translation>打开我录入的申请（Ctrl+O）</translation>
    </message>
    <message>
        <source>Save draft (%1)</source>
        <translation>保存草稿（%1）</translation>
    </message>
    <message>
        <source>Submit for review (%1)</source>
        <translation>提交审核（%1）</translation>
    </message>
    <message>
        <source>Withdraw to correct</source>
        <translation>撤回修改</translation>
    </message>
    <message>
        <source>Take a submitted claim back to draft before it is reviewed</source>
        <translation>审核前把已提交的申请撤回为草稿，修改后重新提交</translation>
    </message>
    <message>
        <source>Print (%1)</source>
        <translation>打印（%1）</translation>
    </message>
    <message>
        <source>New claim (%1)</source>
        <translation>新建申请（%1）</translation>
    </message>
    <message>
        <source>&amp;Receipts:</source>
        <translation>票据(&amp;R)：</translation>
    </message>
    <message>
        <source>Find the member to begin.</source>
        <translation>请先查找职工：刷身份证或输入姓名。</translation>
    </message>
    <message>
        <source>New claim</source>
        <translation>新申请</translation>
    </message>
    <message>
        <source>Claim %1 · %2</source>
        <translation>申请 %1 · %2</translation>
    </message>
    <message>
        <source>approval no. %1</source>
        <translation>审批编号 %1</translation>
    </message>
    <message>
        <source>submitted %1</source>
        <translation>提交于 %1</translation>
    </message>
    <message>
        <source>My drafts: %1 (Ctrl+O)</source>
        <translation>我的草稿：%1 件（Ctrl+O）</translation>
    </message>
    <message>
        <source>%1 receipt(s), total %2, pooled fund %3</source>
        <translation>共 %1 张票据，医疗费合计 %2，统筹支付 %3</translation>
    </message>
    <message>
        <source>Type each invoice: Enter moves to the next cell.</source>
        <translation>逐张录入票据：回车跳到下一格，行末自动换行。</translation>
    </message>
    <message>
        <source>Unsaved claim</source>
        <translation>申请尚未保存</translation>
    </message>
    <message>
        <source>The claim being typed is not saved. Save it as a draft?</source>
        <translation>正在录入的申请还没有保存。保存为草稿吗？</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>不保存</translation>
    </message>
    <message>
        <source>Correct the amounts marked red.</source>
        <translation>请先更正标红的金额。</translation>
    </message>
    <message>
        <source>No member matches “%1”. Enroll the member first (参保登记).</source>
        <translation>没有找到“%1”。请先在参保登记中登记该职工。</translation>
    </message>
    <message>
        <source>Find the member first.</source>
        <translation>请先查找职工。</translation>
    </message>
    <message>
        <source>Choose the scheme the claim is under.</source>
        <translation>请选择申请所依据的参保方案。</translation>
    </message>
    <message>
        <source>“%1” is not a date.</source>
        <translation>“%1”不是日期。</translation>
    </message>
    <message>
        <source>Draft %1 saved.</source>
        <translation>草稿 %1 已保存。</translation>
    </message>
    <message>
        <source>Claim %1 submitted for review: payout %2 yuan.</source>
        <translation>申请 %1 已提交审核，计算给付 %2 元。</translation>
    </message>
    <message>
        <source>Claim %1 submitted for review.</source>
        <translation>申请 %1 已提交审核。</translation>
    </message>
    <message>
        <source>Withdraw claim</source>
        <translation>撤回申请</translation>
    </message>
    <message>
        <source>Take claim %1 back to draft to correct it? It leaves the review queue.</source>
        <translation>把申请 %1 撤回为草稿进行修改吗？它将离开待审核队列。</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Claim %1 is a draft again.</source>
        <translation>申请 %1 已撤回为草稿。</translation>
    </message>
    <message>
        <source>Only an approved or rejected claim can be printed.</source>
        <translation>审批通过或不予给付的申请才能打印。</translation>
    </message>
</context>
<context>
    <name>ClaimList</name>
    <message>
        <source>Claim no.</source>
        <translation>申请编号</translation>
    </message>
    <message>
        <source>Approval no.</source>
        <translation>审批编号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>出险日期</translation>
    </message>
    <message>
        <source>Total cost</source>
        <translation>医疗费总额</translation>
    </message>
    <message>
        <source>Payout</source>
        <translation>给付金额</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
</context>
<context>
    <name>ClaimPage</name>
    <message>
        <source>Receipts:</source>
        <translation>票据：</translation>
    </message>
    <message>
        <source>Claim %1 · %2</source>
        <translation>申请 %1 · %2</translation>
    </message>
    <message>
        <source>approval no. %1</source>
        <translation>审批编号 %1</translation>
    </message>
    <message>
        <source>%1 receipt(s), total %2, self-paid parts %3</source>
        <translation>共 %1 张票据，医疗费合计 %2，个人自付 %3</translation>
    </message>
    <message>
        <source>Not calculated yet (still a draft).</source>
        <translation>尚未计算（仍是草稿）。</translation>
    </message>
    <message>
        <source>You entered or edited claim %1: another reviewer must approve or reject it.</source>
        <translation>申请 %1 由您录入或修改，须由其他审核人审批。</translation>
    </message>
    <message>
        <source>%1 to %2, %3 day(s) in hospital</source>
        <translation>%1 至 %2，住院 %3 天</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>职工</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>%1 (%2) · %3 share(s) · %4 to %5</source>
        <translation>%1（%2）· %3 份 · %4 至 %5</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>医院</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>疾病诊断</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>收款账号</translation>
    </message>
    <message>
        <source>none on file</source>
        <translation>未登记</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>录入</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1 于 %2</translation>
    </message>
    <message>
        <source> (imported)</source>
        <translation>（结算数据导入）</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Not paid because</source>
        <translation>不予给付理由</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>给付</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必备</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>: %1 scan(s) attached</source>
        <translation>：已附扫描件 %1 份</translation>
    </message>
    <message>
        <source>: only ticked as seen by %1, no scan</source>
        <translation>：仅由 %1 勾选已核验，未附扫描件</translation>
    </message>
    <message>
        <source>: not provided</source>
        <translation>：未提供</translation>
    </message>
</context>
<context>
    <name>ConfirmPaidDialog</name>
    <message>
        <source>Confirm batch %1 paid</source>
        <translation>确认批次 %1 已付款</translation>
    </message>
    <message>
        <source>Confirm &amp;paid</source>
        <translation>确认已付款(&amp;P)</translation>
    </message>
    <message>
        <source>Batch %1, pay date %2: %3 claim(s), %4 yuan.</source>
        <translation>批次 %1，付款日期 %2：%3 件，合计 %4 元。</translation>
    </message>
    <message>
        <source>The bank list holds %1 transfer(s), %2 yuan.</source>
        <translation>代发明细共 %1 笔转账，%2 元。</translation>
    </message>
    <message>
        <source>Sent back by the bank (ticked): %1 transfer(s), %2 yuan.</source>
        <translation>银行退回（已勾选）：%1 笔，%2 元。</translation>
    </message>
    <message>
        <source>Without a bank account: %1 claim(s), not paid by this batch.</source>
        <translation>缺少银行账号：%1 件，本批次不付。</translation>
    </message>
    <message>
        <source>These %1 claim(s) leave the batch unpaid and wait for the next one.</source>
        <translation>这 %1 件不付款，移出本批次，等待下一个批次。</translation>
    </message>
    <message>
        <source>Reversals: %1, %2 yuan taken back.</source>
        <translation>冲正：%1 笔，扣回 %2 元。</translation>
    </message>
    <message>
        <source>This cannot be undone. Once confirmed, the claims are paid and the payments are kept for good: no one can edit or delete them. A mistake is corrected later by a reversal (冲正) of the claim, which goes into the next batch.</source>
        <translation>此操作不能撤销。确认后，这些申请记为已给付，付款记录永久保存，任何人都不能修改或删除；如有差错，只能对该申请冲正，冲正进入下一个批次。</translation>
    </message>
    <message>
        <source>as on the bank&apos;s receipt: %1</source>
        <translation>按银行回单填写：%1</translation>
    </message>
    <message>
        <source>&amp;Total the bank paid (yuan):</source>
        <translation>银行实付合计（元）(&amp;T)：</translation>
    </message>
    <message>
        <source>Type the amount, e.g. 1830.00.</source>
        <translation>请输入金额，例如 1830.00。</translation>
    </message>
    <message>
        <source>%1 yuan is not what this batch&apos;s bank list pays (%2 yuan). Check the bank&apos;s receipt: nothing was confirmed.</source>
        <translation>%1 元与本批次代发明细的合计（%2 元）不符。请核对银行回单；没有确认任何付款。</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Something went wrong inside the program. What you were doing has not been lost: the window stays open, so you can save your work. If it happens again, send the log file to support.

Log folder: %1</source>
        <translation>程序内部出现了意外错误。您正在办理的内容没有丢失：窗口仍然打开，可以继续保存。如果再次出现，请把日志文件发给技术支持。

日志文件夹：%1</translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <source>Enrolled today</source>
        <translation>今日参保登记</translation>
    </message>
    <message>
        <source>Claims entered today</source>
        <translation>今日受理理赔</translation>
    </message>
    <message>
        <source>My claims still being entered</source>
        <translation>我的录入中理赔</translation>
    </message>
    <message>
        <source>Claims waiting for review</source>
        <translation>待审核理赔</translation>
    </message>
    <message>
        <source>Approved, waiting for payment</source>
        <translation>已审批待给付</translation>
    </message>
    <message>
        <source>Sync with the city</source>
        <translation>与市总工会同步</translation>
    </message>
    <message>
        <source>Payouts in the period %1 to %2: %3 yuan in all</source>
        <translation>本保障期（%1 至 %2）给付合计 %3 元</translation>
    </message>
    <message>
        <source>Not set up</source>
        <translation>未配置</translation>
    </message>
    <message>
        <source>The desk is not connected to the city yet.</source>
        <translation>本服务点尚未与市总工会连接。</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <source>%1 changes waiting to go up</source>
        <translation>待上传 %1 条</translation>
    </message>
    <message>
        <source>Paid (yuan)</source>
        <translation>给付金额（元）</translation>
    </message>
    <message>
        <source>%1-%2</source>
        <translation>%2月</translation>
    </message>
    <message>
        <source>Payouts by month</source>
        <translation>每月给付金额（元）</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>yyyy-mm-dd</source>
        <translation>年-月-日</translation>
    </message>
</context>
<context>
    <name>DemoDialog</name>
    <message>
        <source>Demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <source>Load demo data</source>
        <translation>加载演示数据</translation>
    </message>
    <message>
        <source>No, start empty</source>
        <translation>不用，从空库开始</translation>
    </message>
    <message>
        <source>Fill this new desk with invented units, members, enrollments, claims and payments, to try the program out or to train clerks? Do not load demo data into a desk that will hold real members.</source>
        <translation>是否在这个新服务点中填入虚构的单位、职工、参保、理赔和给付数据，用于试用程序或培训经办人？准备录入真实职工数据的服务点请不要加载演示数据。</translation>
    </message>
    <message>
        <source>Members:</source>
        <translation>职工人数：</translation>
    </message>
    <message>
        <source>Creating demo data…</source>
        <translation>正在生成演示数据…</translation>
    </message>
</context>
<context>
    <name>DeskApp</name>
    <message>
        <source>The database could not be brought up to date for this version of the program. Nothing was changed: the database is as it was before.%1</source>
        <translation>数据库无法升级到本版本程序所需的结构。没有做任何改动：数据库保持升级前的样子。%1</translation>
    </message>
    <message>
        <source>This database is encrypted, and the key folder (keys) beside it holds no key for it. Put the key folder back, or restore a backup with the recovery key (desk-app restore … --recovery-key). Nothing was changed.</source>
        <translation>此数据库已加密，但旁边的密钥文件夹（keys）里没有它的密钥。请把密钥文件夹放回，或用恢复密钥恢复备份（desk-app restore … --recovery-key）。没有做任何改动。</translation>
    </message>
    <message>
        <source>This database was made by a newer version of the program. Install that version (or newer) to open it. Nothing was changed.</source>
        <translation>此数据库由更新版本的程序创建，请安装该版本（或更新版本）后再打开。没有做任何改动。</translation>
    </message>
    <message>
        <source>The data folder cannot be used: %1</source>
        <translation>数据文件夹无法使用：%1</translation>
    </message>
    <message>
        <source>Cannot start</source>
        <translation>无法启动</translation>
    </message>
    <message>
        <source>The data folder was not moved, nothing was changed: %1</source>
        <translation>数据文件夹没有移动，数据未做任何改动：%1</translation>
    </message>
    <message>
        <source>The data is now in %1. The old folder %2 was left as it was; delete it when you are sure. Please sign in again.</source>
        <translation>数据已移到 %1。原文件夹 %2 保持不动，确认无误后可手动删除。请重新登录。</translation>
    </message>
    <message>
        <source>The database was restored from %1. Please sign in again.</source>
        <translation>已从备份 %1 恢复数据库，请重新登录。</translation>
    </message>
    <message>
        <source>The restore failed and nothing was changed: %1</source>
        <translation>恢复失败，数据库未做任何改动：%1</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>正在恢复备份…</translation>
    </message>
    <message>
        <source>The automatic backup failed: %1</source>
        <translation>自动备份失败：%1</translation>
    </message>
    <message>
        <source>The program did not end properly last time (started %1). Forms that were being typed are offered again after you sign in. If this happens again, send the files in the log folder to support: %2</source>
        <translation>上次程序没有正常退出（启动于 %1）。当时正在填写的表单会在您登录后重新提供。如果再次发生，请把日志文件夹中的文件发给技术支持：%2</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>At least 8 characters, with letters and digits, not containing the login name.</source>
        <translation>密码至少 8 位，须同时包含字母和数字，且不能包含登录名。</translation>
    </message>
</context>
<context>
    <name>EditUserDialog</name>
    <message>
        <source>Change user %1</source>
        <translation>修改用户 %1</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <source>Enroll %1</source>
        <translation>参保登记：%1</translation>
    </message>
    <message>
        <source>&amp;Enroll</source>
        <translation>参保(&amp;E)</translation>
    </message>
    <message>
        <source>Member:</source>
        <translation>职工：</translation>
    </message>
    <message>
        <source>&amp;Scheme:</source>
        <translation>方案(&amp;S)：</translation>
    </message>
    <message>
        <source>S&amp;hares:</source>
        <translation>份数(&amp;H)：</translation>
    </message>
    <message>
        <source>Enrolled &amp;on:</source>
        <translation>参保日期(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>参保单位(&amp;U)：</translation>
    </message>
    <message>
        <source>There is no active scheme this member is not enrolled in.</source>
        <translation>该职工已参加所有启用的方案，没有可参加的方案。</translation>
    </message>
    <message>
        <source>Choose a scheme from the list.</source>
        <translation>请从列表中选择方案。</translation>
    </message>
    <message>
        <source>The period of this scheme ended on %1: nobody can be enrolled in it.</source>
        <translation>该方案的保障期已于 %1 结束，不能再参保。</translation>
    </message>
    <message>
        <source>Premium %1 yuan (%2 × %3 yuan). Period %4 to %5.</source>
        <translation>保费 %1 元（%2 份 × %3 元）。保障期 %4 至 %5。</translation>
    </message>
    <message>
        <source>Renewal: enrolled in the previous period, no waiting period.</source>
        <translation>续保：上一保障期已参保，无观察期。</translation>
    </message>
    <message>
        <source>First enrollment: a waiting period of %1 days.</source>
        <translation>新参保：观察期 %1 天。</translation>
    </message>
    <message>
        <source>First enrollment (this scheme has no waiting period).</source>
        <translation>新参保（本方案无观察期）。</translation>
    </message>
    <message>
        <source>The enrollment date is not a date.</source>
        <translation>参保日期不是有效日期。</translation>
    </message>
    <message>
        <source>No unit is called “%1”: choose one from the list.</source>
        <translation>没有名为“%1”的单位，请从列表中选择。</translation>
    </message>
</context>
<context>
    <name>ErrorModel</name>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>错误原因</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Invoice no.</source>
        <translation>票据号</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <source>Show &amp;all, also resolved ones</source>
        <translation>显示全部，含已处理(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Mark resolved</source>
        <translation>标记为已处理(&amp;M)</translation>
    </message>
    <message>
        <source>A reviewer marks findings resolved.</source>
        <translation>由审核人核实后标记为已处理。</translation>
    </message>
    <message>
        <source>The city has reported nothing for this desk.</source>
        <translation>市里暂未向本服务点报告任何问题。</translation>
    </message>
    <message>
        <source>%1 open, %2 resolved.</source>
        <translation>%1 条待处理，%2 条已处理。</translation>
    </message>
    <message>
        <source>Tell a reviewer: they check and mark them resolved.</source>
        <translation>请告知审核人核实处理。</translation>
    </message>
    <message>
        <source>Re&amp;open</source>
        <translation>重新打开(&amp;M)</translation>
    </message>
    <message>
        <source>When the city finds an invoice already used in another county, or a person enrolled in one scheme at two desks, it is listed here after a sync. Nothing is changed or blocked: the two desks sort it out.</source>
        <translation>市里发现某张票据已在其他区县使用、或同一人在两个服务点参加了同一方案时，同步后会列在这里。系统不会因此修改或拦截任何记录，由两个服务点核实处理。</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>医院</translation>
    </message>
    <message>
        <source>Invoice number</source>
        <translation>票据号</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>At this desk</source>
        <translation>本服务点</translation>
    </message>
    <message>
        <source>Elsewhere</source>
        <translation>对方服务点</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>服务点</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>理赔申请</translation>
    </message>
    <message>
        <source>Claim state</source>
        <translation>申请状态</translation>
    </message>
    <message>
        <source>Invoice total</source>
        <translation>票据金额</translation>
    </message>
    <message>
        <source>%1 yuan</source>
        <translation>%1 元</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>职工</translation>
    </message>
    <message>
        <source>Enrolled on</source>
        <translation>参保日期</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <source>Set up this desk</source>
        <translation>初始化服务点</translation>
    </message>
    <message>
        <source>Create admin</source>
        <translation>创建管理员</translation>
    </message>
    <message>
        <source>This desk has no users yet. Create the administrator, who then adds the clerks and reviewers.</source>
        <translation>本服务点还没有用户。请先创建管理员，再由管理员添加经办人和审核人。</translation>
    </message>
    <message>
        <source>Login name:</source>
        <translation>登录名：</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Password again:</source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>LockController</name>
    <message>
        <source>Wrong password. Try again.</source>
        <translation>密码错误，请重新输入。</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>Sign out and let another person sign in?</source>
        <translation>注销当前用户，让其他人登录吗？</translation>
    </message>
    <message>
        <source>Anything typed and not saved is lost.</source>
        <translation>已输入但未保存的内容将会丢失。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Workers&apos; Medical Mutual Aid — %1</source>
        <translation>职工医疗互助保障 — %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Work</source>
        <translation>业务(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Go to</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>Navigation ↔ page</source>
        <translation>导航栏 ↔ 页面</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>当前登录：%1</translation>
    </message>
    <message>
        <source>Desk %1</source>
        <translation>服务点 %1</translation>
    </message>
    <message>
        <source>A %1 may not use “%2”.</source>
        <translation>%1无权使用“%2”。</translation>
    </message>
    <message>
        <source>“%1” is not available yet</source>
        <translation>“%1”功能尚未提供</translation>
    </message>
    <message>
        <source>Work in progress</source>
        <translation>还有任务在进行</translation>
    </message>
    <message>
        <source>A task is still running. Wait for it to finish and then close?</source>
        <translation>还有任务正在进行。等它完成后再关闭吗？</translation>
    </message>
    <message>
        <source>Wait and close</source>
        <translation>等待完成后关闭</translation>
    </message>
</context>
<context>
    <name>MemberClaims</name>
    <message>
        <source>Claim no.</source>
        <translation>受理号</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Date covered</source>
        <translation>出险日期</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Payout</source>
        <translation>给付金额</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Approval no.</source>
        <translation>审批号</translation>
    </message>
</context>
<context>
    <name>MemberEnrollments</name>
    <message>
        <source>no cap</source>
        <translation>不封顶</translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation>续保</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新参保</translation>
    </message>
    <message>
        <source>Cap %1, paid %2</source>
        <translation>封顶 %1，已给付 %2</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>保障期</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>份数</translation>
    </message>
    <message>
        <source>Premium</source>
        <translation>保费</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>参保日期</translation>
    </message>
    <message>
        <source>Cap left</source>
        <translation>剩余额度</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>参保单位</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>参保批次</translation>
    </message>
</context>
<context>
    <name>MemberFields</name>
    <message>
        <source>18 characters; gender and birth date follow</source>
        <translation>18 位；性别和出生日期自动识别</translation>
    </message>
    <message>
        <source>Unit code or part of its name</source>
        <translation>单位编码或名称中的字</translation>
    </message>
    <message>
        <source>Resident I&amp;D:</source>
        <translation>身份证号(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Mobile:</source>
        <translation>手机号(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>单位(&amp;U)：</translation>
    </message>
    <message>
        <source>Medical &amp;insurance:</source>
        <translation>医保类型(&amp;I)：</translation>
    </message>
    <message>
        <source>Categories:</source>
        <translation>人员类别：</translation>
    </message>
    <message>
        <source>Bank &amp;account:</source>
        <translation>银行账号(&amp;A)：</translation>
    </message>
    <message>
        <source>No unit is called “%1”: choose one from the list.</source>
        <translation>没有名为“%1”的单位，请从列表中选择。</translation>
    </message>
    <message>
        <source>Gender and birth date are read from the ID number.</source>
        <translation>性别和出生日期由身份证号得出。</translation>
    </message>
    <message>
        <source>%1 of 18 characters</source>
        <translation>已输入 %1 位，共 18 位</translation>
    </message>
    <message>
        <source>%1 · born %2 · %3 years old</source>
        <translation>%1 · 出生 %2 · %3 岁</translation>
    </message>
</context>
<context>
    <name>MemberPage</name>
    <message>
        <source>&amp;Modify personal data (F2)</source>
        <translation>修改个人信息(&amp;M)（F2）</translation>
    </message>
    <message>
        <source>← Back to the list (Esc)</source>
        <translation>← 返回列表（Esc）</translation>
    </message>
    <message>
        <source>&amp;Enroll in a scheme…</source>
        <translation>参保登记(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Save (%1)</source>
        <translation>保存(&amp;S)（%1）</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>个人信息</translation>
    </message>
    <message>
        <source>Changes are recorded in the audit log.</source>
        <translation>修改会记入审计日志。</translation>
    </message>
    <message>
        <source>born %1 (%2)</source>
        <translation>出生 %1（%2 岁）</translation>
    </message>
    <message>
        <source>En&amp;rollments (%1)</source>
        <translation>参保记录(&amp;R)（%1）</translation>
    </message>
    <message>
        <source>C&amp;laims (%1)</source>
        <translation>理赔记录(&amp;L)（%1）</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>The changes to this member are not saved. Leave without saving?</source>
        <translation>对该职工资料的修改尚未保存。不保存就离开吗？</translation>
    </message>
    <message>
        <source>Leave without saving</source>
        <translation>不保存，离开</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <source>Enrolled in %1</source>
        <translation>已参加：%1</translation>
    </message>
</context>
<context>
    <name>MembersModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>人员类别</translation>
    </message>
</context>
<context>
    <name>MembersScreen</name>
    <message>
        <source>ID number, name or pinyin initials (%1)</source>
        <translation>身份证号、姓名、拼音或拼音首字母（%1）</translation>
    </message>
    <message>
        <source>&amp;Add member…</source>
        <translation>登记新职工(&amp;A)…</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>The changes to this member are not saved. Leave without saving?</source>
        <translation>对该职工资料的修改尚未保存。不保存就离开吗？</translation>
    </message>
    <message>
        <source>Leave without saving</source>
        <translation>不保存，离开</translation>
    </message>
    <message>
        <source>%1 members in all</source>
        <translation>共 %1 名职工</translation>
    </message>
    <message>
        <source>Counting members…</source>
        <translation>正在统计职工人数…</translation>
    </message>
    <message>
        <source>No member matches “%1”.</source>
        <translation>没有与“%1”相符的职工。</translation>
    </message>
    <message>
        <source>Press Enter to register this ID number.</source>
        <translation>按 Enter 登记此身份证号的新职工。</translation>
    </message>
    <message>
        <source>%1 members found</source>
        <translation>找到 %1 人</translation>
    </message>
    <message>
        <source>More than %1 members found…</source>
        <translation>找到 %1 人以上…</translation>
    </message>
    <message>
        <source>Registered: %1</source>
        <translation>已登记：%1</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The backup could not be used: %1</source>
        <translation>该备份无法使用：%1</translation>
    </message>
    <message>
        <source>A file could not be read or written: %1</source>
        <translation>文件无法读取或写入：%1</translation>
    </message>
    <message>
        <source>Something unexpected went wrong: %1. Details are in the log.</source>
        <translation>发生意外错误：%1。详细信息已记入日志。</translation>
    </message>
    <message>
        <source>Cannot do this</source>
        <translation>无法办理</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>MonthArchive</name>
    <message>
        <source>Write the archive… (%1)</source>
        <translation>写电子档案…（%1）</translation>
    </message>
    <message>
        <source>Write the electronic archive of the month chosen above: one PDF per paid claim, its approval form followed by its scanned papers (%1)</source>
        <translation>写出上方所选月份的电子档案：每件已给付的申请一个 PDF，审批表后附其扫描材料（%1）</translation>
    </message>
    <message>
        <source>Folder for the electronic archive of %1</source>
        <translation>选择 %1 电子档案的存放文件夹</translation>
    </message>
    <message>
        <source>Writing the electronic archive of %1…</source>
        <translation>正在写出 %1 的电子档案…</translation>
    </message>
    <message>
        <source>The archive was cancelled: the files written so far were removed.</source>
        <translation>已取消写电子档案：已写出的文件均已删除。</translation>
    </message>
    <message>
        <source>Electronic archive of %1 written: %2 claim file(s) in %3.</source>
        <translation>%1 的电子档案已写出：%2 件申请，存于 %3。</translation>
    </message>
    <message>
        <source>Claims without scanned papers: %1.</source>
        <translation>没有扫描材料的申请：%1。</translation>
    </message>
</context>
<context>
    <name>MonthlyReturnScreen</name>
    <message>
        <source>&amp;Month:</source>
        <translation>月份(&amp;M)：</translation>
    </message>
    <message>
        <source>Returns exported and submitted</source>
        <translation>已导出和已报送的月报</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Work out the month&apos;s figures again (F5)</source>
        <translation>重新计算该月的数字 (F5)</translation>
    </message>
    <message>
        <source>Export return…</source>
        <translation>导出月报…</translation>
    </message>
    <message>
        <source>Write the month&apos;s return workbook for the city (Ctrl+E)</source>
        <translation>写出报送市总工会的月报工作簿 (Ctrl+E)</translation>
    </message>
    <message>
        <source>Submit return…</source>
        <translation>报送月报…</translation>
    </message>
    <message>
        <source>Mark the exported return as sent to the city; this locks the month (Ctrl+Enter)</source>
        <translation>把已导出的月报记为已报送市总工会；该月随即结账锁定 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Save a copy…</source>
        <translation>另存一份…</translation>
    </message>
    <message>
        <source>Write the return chosen in the list again, byte for byte (Ctrl+Shift+S)</source>
        <translation>把列表中选中的月报原样再写出一份 (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Open the folder the return was written to (Ctrl+O)</source>
        <translation>打开月报所在的文件夹 (Ctrl+O)</translation>
    </message>
    <message>
        <source>%1  submitted</source>
        <translation>%1  已报送</translation>
    </message>
    <message>
        <source>%1  exported</source>
        <translation>%1  已导出</translation>
    </message>
    <message>
        <source>Working out %1…</source>
        <translation>正在计算 %1…</translation>
    </message>
    <message>
        <source>参保明细: %1 row(s)</source>
        <translation>参保明细：%1 行</translation>
    </message>
    <message>
        <source>给付明细: %1 row(s)</source>
        <translation>给付明细：%1 行</translation>
    </message>
    <message>
        <source>Still being entered: %1 claim(s)</source>
        <translation>仍在录入中的申请：%1 件</translation>
    </message>
    <message>
        <source>No claim still being entered</source>
        <translation>没有录入中的申请</translation>
    </message>
    <message>
        <source>Cross-check failed: %1</source>
        <translation>核对不一致：%1</translation>
    </message>
    <message>
        <source>Cross-check: 汇总 合计 equals the detail sheets ✓</source>
        <translation>核对一致：汇总表合计与明细表相符 ✓</translation>
    </message>
    <message>
        <source>%1 is submitted: the month is locked.</source>
        <translation>%1 已报送，该月已结账锁定。</translation>
    </message>
    <message>
        <source>%1: revision %2 exported, not submitted yet.</source>
        <translation>%1：已导出第 %2 版，尚未报送。</translation>
    </message>
    <message>
        <source>%1: not exported yet.</source>
        <translation>%1：尚未导出。</translation>
    </message>
    <message>
        <source>Only a reviewer may export and submit returns.</source>
        <translation>只有审核人可以导出和报送月报。</translation>
    </message>
    <message>
        <source>No return yet.</source>
        <translation>还没有导出过月报。</translation>
    </message>
    <message>
        <source>Wait for the preview.</source>
        <translation>请等预览完成。</translation>
    </message>
    <message>
        <source>%1 is submitted and locked.</source>
        <translation>%1 已报送并锁定。</translation>
    </message>
    <message>
        <source>The figures do not agree (see the cross-check): nothing to export.</source>
        <translation>数字核对不一致（见核对结果），不能导出。</translation>
    </message>
    <message>
        <source>Export the return of %1 first.</source>
        <translation>请先导出 %1 的月报。</translation>
    </message>
    <message>
        <source>Claims still being entered</source>
        <translation>还有录入中的申请</translation>
    </message>
    <message>
        <source>%1 claim(s) of %2 are still being entered (drafts). They are not in the return: its 受理件数 counts them only once they are submitted. Export anyway?</source>
        <translation>%2 还有 %1 件申请在录入中（草稿），不计入月报：提交后才计入受理件数。仍要导出吗？</translation>
    </message>
    <message>
        <source>Export anyway</source>
        <translation>仍然导出</translation>
    </message>
    <message>
        <source>Better: finish or delete the drafts, then export.</source>
        <translation>建议先完成或删除这些草稿，再导出。</translation>
    </message>
    <message>
        <source>Save the monthly return</source>
        <translation>保存月报</translation>
    </message>
    <message>
        <source>Return %1 revision %2 written to %3. Send it to the city, then submit it here (Ctrl+Enter).</source>
        <translation>%1 月报第 %2 版已写出：%3。报送市总工会后，请在此报送 (Ctrl+Enter)。</translation>
    </message>
    <message>
        <source>Export cancelled: nothing was written.</source>
        <translation>已取消导出，没有写出任何文件。</translation>
    </message>
    <message>
        <source>Exporting the return of %1…</source>
        <translation>正在导出 %1 月报…</translation>
    </message>
    <message>
        <source>Save a copy of the return</source>
        <translation>另存月报</translation>
    </message>
    <message>
        <source>Revision %1 of %2 written to %3.</source>
        <translation>%2 月报第 %1 版已写出：%3。</translation>
    </message>
    <message>
        <source>Submit return</source>
        <translation>报送月报</translation>
    </message>
    <message>
        <source>Submit the return of %1 (revision %2, %3)?</source>
        <translation>报送 %1 月报（第 %2 版，%3）？</translation>
    </message>
    <message>
        <source>Submit and lock</source>
        <translation>报送并结账</translation>
    </message>
    <message>
        <source>Submitting locks %1 and every month before it: nothing can be paid or dated in them any more, the month&apos;s paid claims become reported, and this revision is the official copy. Submit only the file you sent to the city.</source>
        <translation>报送后 %1 及以前各月结账锁定：不能再有付款或其他记录记在这些月份；该月已给付的申请记为已上报，本版即为正式存档。只报送已交给市总工会的那个文件。</translation>
    </message>
    <message>
        <source>Return %1 submitted: the month is locked.</source>
        <translation>%1 月报已报送，该月已结账锁定。</translation>
    </message>
</context>
<context>
    <name>MyClaimsDialog</name>
    <message>
        <source>My claims</source>
        <translation>我的申请</translation>
    </message>
    <message>
        <source>My drafts</source>
        <translation>我的草稿</translation>
    </message>
    <message>
        <source>All claims I entered</source>
        <translation>我录入的全部申请</translation>
    </message>
    <message>
        <source>Claim number, name, pinyin or ID number</source>
        <translation>申请编号、姓名、拼音或身份证号</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>查找(&amp;F)：</translation>
    </message>
    <message>
        <source>Enter opens the claim; Delete deletes a draft; Esc closes.</source>
        <translation>回车打开申请；Delete 删除草稿；Esc 关闭。</translation>
    </message>
    <message>
        <source>%1 claim(s)</source>
        <translation>共 %1 件</translation>
    </message>
    <message>
        <source>Delete draft</source>
        <translation>删除草稿</translation>
    </message>
    <message>
        <source>Delete draft %1 of %2 with its receipts? This cannot be undone.</source>
        <translation>删除 %2 的草稿 %1 及其票据吗？删除后不能恢复。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>NotYetPage</name>
    <message>
        <source>“%1” is not available yet</source>
        <translation>“%1”功能尚未提供</translation>
    </message>
    <message>
        <source>This screen could not be loaded: %1. Details are in the log.</source>
        <translation>此页面无法加载：%1。详细信息已记入日志。</translation>
    </message>
    <message>
        <source>This part of the program comes in a later version.</source>
        <translation>此功能将在后续版本中提供。</translation>
    </message>
</context>
<context>
    <name>PapersBox</name>
    <message>
        <source>Space ticks a paper as seen; Ctrl+Shift+A attaches a scan to it</source>
        <translation>空格勾选已核验的材料；Ctrl+Shift+A 为该材料附扫描件</translation>
    </message>
    <message>
        <source>Attach scan…</source>
        <translation>附扫描件…</translation>
    </message>
    <message>
        <source>Attach a scan to the paper (Ctrl+Shift+A)</source>
        <translation>为该材料附扫描件（Ctrl+Shift+A）</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必备</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>original</source>
        <translation>原件</translation>
    </message>
    <message>
        <source>copy</source>
        <translation>复印件</translation>
    </message>
    <message>
        <source> — %1 scan(s) attached</source>
        <translation> — 已附扫描件 %1 份</translation>
    </message>
</context>
<context>
    <name>PapersViewer</name>
    <message>
        <source>Papers of claim %1</source>
        <translation>申请 %1 的材料</translation>
    </message>
    <message>
        <source>No scan is attached to this claim.</source>
        <translation>该申请没有附扫描件。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>PayablePanel</name>
    <message>
        <source>Name, approval no., ID number or unit</source>
        <translation>姓名、审批编号、身份证号或单位</translation>
    </message>
    <message>
        <source>Fin&amp;d:</source>
        <translation>查找(&amp;D)：</translation>
    </message>
    <message>
        <source>Pa&amp;y date:</source>
        <translation>付款日期(&amp;Y)：</translation>
    </message>
    <message>
        <source>Tick all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Tick every claim shown (Ctrl+Shift+A); Space ticks the selected rows</source>
        <translation>勾选列出的全部申请 (Ctrl+Shift+A)；空格勾选选中的行</translation>
    </message>
    <message>
        <source>Tick none</source>
        <translation>全不选</translation>
    </message>
    <message>
        <source>Untick every claim shown (Ctrl+Shift+N)</source>
        <translation>取消勾选列出的全部申请 (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <source>Make payment batch</source>
        <translation>生成给付批次</translation>
    </message>
    <message>
        <source>Put the ticked claims into a new payment batch paid on the pay date (Ctrl+B or Ctrl+Enter)</source>
        <translation>把勾选的申请放入新的给付批次，按付款日期付款 (Ctrl+B 或 Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Withdraw reversal</source>
        <translation>撤销冲正</translation>
    </message>
    <message>
        <source>Withdraw the chosen reversal, asked for by mistake (Delete)</source>
        <translation>撤销选中的误登记冲正 (Delete)</translation>
    </message>
    <message>
        <source>Space: tick or untick the selected rows</source>
        <translation>空格：勾选或取消选中的行</translation>
    </message>
    <message>
        <source>%1 more approved claim(s) were drawn for a second look: they can be paid once another reviewer confirms them (审核审批).</source>
        <translation>另有 %1 件已审批申请被抽中复核：另一位审核人确认后才能给付（审核审批）。</translation>
    </message>
    <message>
        <source>Ticked %1 of %2 claim(s), %3 yuan.</source>
        <translation>已勾选 %1 / %2 件，合计 %3 元。</translation>
    </message>
    <message>
        <source>With %1 reversal(s) taking back %2 yuan.</source>
        <translation>含冲正 %1 笔，扣回 %2 元。</translation>
    </message>
    <message>
        <source>Without a bank account: %1; without a mobile number: %2.</source>
        <translation>缺少银行账号：%1 人；缺少手机号：%2 人。</translation>
    </message>
    <message>
        <source>No approved claim or reversal is waiting for payment.</source>
        <translation>没有等待给付的已审批申请或冲正。</translation>
    </message>
    <message>
        <source>Choose a reversal (a red row) first.</source>
        <translation>请先选择一笔冲正（红色的行）。</translation>
    </message>
    <message>
        <source>Withdraw the reversal of %1 yuan on %2 (%3)? Nothing is taken back then.</source>
        <translation>撤销 %2 的冲正 %1 元（%3）？撤销后不再扣回。</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Reversal withdrawn.</source>
        <translation>冲正已撤销。</translation>
    </message>
    <message>
        <source>Tick the claims to pay first (Space).</source>
        <translation>请先勾选要给付的申请（空格）。</translation>
    </message>
    <message>
        <source>Type the pay date, e.g. 2015-08-20.</source>
        <translation>请输入付款日期，例如 2015-08-20。</translation>
    </message>
    <message>
        <source>The batch&apos;s lists are written next (W on the batch page); the claims count as paid only when you confirm the batch paid.</source>
        <translation>下一步写出批次名单（在给付批次页按 W）；确认批次已付款后，这些申请才记为已给付。</translation>
    </message>
    <message>
        <source>%1 of them have no bank account: they go on the sheet 缺少账号 of the bank list and are not paid by this batch (they wait for the next one once the account is entered).</source>
        <translation>其中 %1 人缺少银行账号：列在代发明细的“缺少账号”表中，本批次不付（补录账号后进入下一个批次）。</translation>
    </message>
    <message>
        <source>Make a payment batch of %1 row(s), %2 yuan, paid on %3?</source>
        <translation>生成给付批次：%1 行，合计 %2 元，付款日期 %3？</translation>
    </message>
    <message>
        <source>Make batch</source>
        <translation>生成批次</translation>
    </message>
    <message>
        <source>Making the payment batch…</source>
        <translation>正在生成给付批次…</translation>
    </message>
    <message>
        <source>Payment batch %1 made: %2 claim(s), %3 yuan. Next: write its lists (W).</source>
        <translation>已生成给付批次 %1：%2 件，%3 元。下一步：写出名单 (W)。</translation>
    </message>
    <message>
        <source>%1 claim(s) held out of the batch, not paid:</source>
        <translation>%1 件申请未列入批次、暂不付款：</translation>
    </message>
</context>
<context>
    <name>Payments</name>
    <message>
        <source>Open: waiting for the bank</source>
        <translation>待付款</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已付款</translation>
    </message>
    <message>
        <source>Reversal: %1</source>
        <translation>冲正：%1</translation>
    </message>
    <message>
        <source>Approval no.</source>
        <translation>审批编号</translation>
    </message>
    <message>
        <source>Claim no. %1</source>
        <translation>申请编号 %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Reversal (冲正): money taken back</source>
        <translation>冲正：扣回的金额</translation>
    </message>
    <message>
        <source>Bank account</source>
        <translation>银行账号</translation>
    </message>
    <message>
        <source>No bank account: listed on the sheet 缺少账号; not paid by this batch, it waits for the next one</source>
        <translation>缺少银行账号：列在“缺少账号”表中，本批次不付，等待下一个批次</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>No mobile number: no SMS notice</source>
        <translation>缺少手机号：不发短信通知</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>审批时间</translation>
    </message>
    <message>
        <source>Batch no.</source>
        <translation>批次号</translation>
    </message>
    <message>
        <source>Pay date</source>
        <translation>付款日期</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Reversals</source>
        <translation>冲正</translation>
    </message>
    <message>
        <source>No account</source>
        <translation>无账号</translation>
    </message>
    <message>
        <source>No phone</source>
        <translation>无手机号</translation>
    </message>
    <message>
        <source>Lists written</source>
        <translation>名单写出</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>生成人</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>确认付款</translation>
    </message>
</context>
<context>
    <name>PaymentsScreen</name>
    <message>
        <source>Waiting for payment</source>
        <translation>待给付</translation>
    </message>
    <message>
        <source>Payment batches</source>
        <translation>给付批次</translation>
    </message>
    <message>
        <source>Approved claims not yet in a batch (Ctrl+Tab)</source>
        <translation>尚未进入批次的已审批申请 (Ctrl+Tab)</translation>
    </message>
    <message>
        <source>Batches, their lists and their payment (Ctrl+Tab)</source>
        <translation>批次、名单和付款确认 (Ctrl+Tab)</translation>
    </message>
    <message>
        <source>Only a reviewer may make payment batches, confirm payments and reverse them. You (%1) can look at the lists.</source>
        <translation>只有审核人可以生成给付批次、确认付款和冲正。您（%1）只能查看。</translation>
    </message>
    <message>
        <source>Waiting for payment (%1)</source>
        <translation>待给付（%1）</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>Print preview — %1</source>
        <translation>打印预览 — %1</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>Print on any installed printer (Ctrl+P)</source>
        <translation>选择打印机并打印（Ctrl+P）</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>另存为 PDF(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the document as a PDF file (Ctrl+S)</source>
        <translation>把文档保存为 PDF 文件（Ctrl+S）</translation>
    </message>
    <message>
        <source>&amp;Whole page</source>
        <translation>整页显示(&amp;W)</translation>
    </message>
    <message>
        <source>Show whole pages or fit the width</source>
        <translation>整页显示或按宽度显示</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Printing %1</source>
        <translation>正在打印 %1</translation>
    </message>
    <message>
        <source>Sent to the printer: %1 page(s).</source>
        <translation>已送往打印机：%1 页。</translation>
    </message>
    <message>
        <source>Not printed.</source>
        <translation>未能打印。</translation>
    </message>
    <message>
        <source>Printing cancelled.</source>
        <translation>已取消打印。</translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation>已保存为 %1</translation>
    </message>
    <message>
        <source>Preparing the document…</source>
        <translation>正在生成文档…</translation>
    </message>
</context>
<context>
    <name>People</name>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Hardship</source>
        <translation>困难职工</translation>
    </message>
    <message>
        <source>Model worker</source>
        <translation>劳模</translation>
    </message>
    <message>
        <source>Female worker</source>
        <translation>女职工</translation>
    </message>
    <message>
        <source>Urban employee insurance</source>
        <translation>城镇职工医保</translation>
    </message>
    <message>
        <source>Urban-rural resident insurance</source>
        <translation>城乡居民医保</translation>
    </message>
    <message>
        <source>Inpatient</source>
        <translation>住院</translation>
    </message>
    <message>
        <source>Outpatient</source>
        <translation>门诊</translation>
    </message>
    <message>
        <source>Death</source>
        <translation>身故</translation>
    </message>
    <message>
        <source>Being entered</source>
        <translation>录入中</translation>
    </message>
    <message>
        <source>Waiting for review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已审批</translation>
    </message>
    <message>
        <source>Not payable</source>
        <translation>不予给付</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已给付</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>已上报</translation>
    </message>
    <message>
        <source>Loaded from a file</source>
        <translation>文件导入</translation>
    </message>
    <message>
        <source>Sent by the city</source>
        <translation>市级下发</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <source>register and edit units</source>
        <translation>登记和修改参保单位</translation>
    </message>
    <message>
        <source>register and edit members</source>
        <translation>登记和修改职工信息</translation>
    </message>
    <message>
        <source>enroll members, import rosters</source>
        <translation>参保登记、导入参保名册</translation>
    </message>
    <message>
        <source>take in claims</source>
        <translation>理赔受理</translation>
    </message>
    <message>
        <source>print forms and notices</source>
        <translation>打印审批表和通知</translation>
    </message>
    <message>
        <source>review and approve claims</source>
        <translation>审核审批理赔</translation>
    </message>
    <message>
        <source>make payment batches</source>
        <translation>办理给付批次</translation>
    </message>
    <message>
        <source>monthly returns and analyses</source>
        <translation>月报和统计分析</translation>
    </message>
    <message>
        <source>look things up</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>manage users</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <source>load and activate schemes</source>
        <translation>导入和启用方案</translation>
    </message>
    <message>
        <source>change the desk&apos;s settings</source>
        <translation>修改服务点设置</translation>
    </message>
    <message>
        <source>back up and restore</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <source>connect the desk to the city</source>
        <translation>配置与市总工会的同步</translation>
    </message>
    <message>
        <source>sync with the city</source>
        <translation>与市总工会同步</translation>
    </message>
    <message>
        <source>read the audit log</source>
        <translation>查看审计日志</translation>
    </message>
</context>
<context>
    <name>ProblemBoard</name>
    <message>
        <source> (and %1 more: F8 goes through them)</source>
        <translation>（另有 %1 处，按 F8 逐条查看）</translation>
    </message>
    <message>
        <source>%1/%2: %3</source>
        <translation>第 %1/%2 处：%3</translation>
    </message>
    <message>
        <source>Receipt %1: %2</source>
        <translation>第 %1 张票据：%2</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
</context>
<context>
    <name>QPrintSettingsOutput</name>
    <message>
        <source>Page &amp;Set:</source>
        <translation>页面范围(&amp;S)：</translation>
    </message>
</context>
<context>
    <name>QueueFilters</name>
    <message>
        <source>Waiting for review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Approved, not paid</source>
        <translation>已审批（未给付）</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>不予给付</translation>
    </message>
    <message>
        <source>Reviewed (approved or rejected)</source>
        <translation>已审核（审批或不予给付）</translation>
    </message>
    <message>
        <source>All except drafts</source>
        <translation>全部（草稿除外）</translation>
    </message>
    <message>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <source>login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Claim or approval no., name, pinyin, ID number, hospital</source>
        <translation>申请/审批编号、姓名、拼音、身份证号、医院</translation>
    </message>
    <message>
        <source>All schemes</source>
        <translation>全部方案</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>全部单位</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>状态(&amp;S)：</translation>
    </message>
    <message>
        <source>Sche&amp;me:</source>
        <translation>方案(&amp;M)：</translation>
    </message>
    <message>
        <source>Submitted &amp;between:</source>
        <translation>提交日期(&amp;B)：</translation>
    </message>
    <message>
        <source>Fin&amp;d:</source>
        <translation>查找(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>单位(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Payout:</source>
        <translation>给付金额(&amp;P)：</translation>
    </message>
    <message>
        <source>C&amp;lerk:</source>
        <translation>经办人(&amp;L)：</translation>
    </message>
</context>
<context>
    <name>ReceiptGrid</name>
    <message>
        <source>Type to fill a cell; Enter moves right and then to the next row. Delete clears a cell, Ctrl+Delete removes the receipt.</source>
        <translation>直接输入即可填写；回车向右移动，行末转到下一行。Delete 清空单元格，Ctrl+Delete 删除该张票据。</translation>
    </message>
</context>
<context>
    <name>ReceiptModel</name>
    <message>
        <source>Invoice no.</source>
        <translation>票据号</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>医院</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>医疗费总额</translation>
    </message>
    <message>
        <source>Pooled fund
paid</source>
        <translation>统筹基金
支付</translation>
    </message>
    <message>
        <source>Critical illness /
assistance paid</source>
        <translation>大病保险/医疗
救助等支付</translation>
    </message>
    <message>
        <source>Deductible
(self)</source>
        <translation>起付标准
自付</translation>
    </message>
    <message>
        <source>Co-payment
(self)</source>
        <translation>按比例
自付</translation>
    </message>
    <message>
        <source>Over the cap
(self)</source>
        <translation>超封顶线
自付</translation>
    </message>
    <message>
        <source>Class B
share</source>
        <translation>自付二</translation>
    </message>
    <message>
        <source>Self-funded</source>
        <translation>自费</translation>
    </message>
    <message>
        <source>“%1” is not an amount of money</source>
        <translation>“%1”不是金额</translation>
    </message>
    <message>
        <source>Type the total of the receipt</source>
        <translation>请填写医疗费总额</translation>
    </message>
    <message>
        <source>Type the invoice number</source>
        <translation>请填写票据号</translation>
    </message>
    <message>
        <source>Total %1 differs from the sum of the parts %2 by %3</source>
        <translation>合计 %1 与分项之和 %2 相差 %3</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <source>a claim</source>
        <translation>一件理赔申请</translation>
    </message>
    <message>
        <source>an enrollment</source>
        <translation>一项参保登记</translation>
    </message>
    <message>
        <source>a member&apos;s details</source>
        <translation>一位职工的信息</translation>
    </message>
    <message>
        <source>changes to a member&apos;s details</source>
        <translation>对一位职工信息的修改</translation>
    </message>
    <message>
        <source>Unfinished form</source>
        <translation>未完成的表单</translation>
    </message>
    <message>
        <source>When the program last ended you were typing %1 (%2), kept at %3. Open it again as it was?</source>
        <translation>上次程序结束时，您正在填写%1（%2），已于 %3 保存副本。是否按原样重新打开？</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>放弃(&amp;D)</translation>
    </message>
    <message>
        <source>%1, %2 receipt(s)</source>
        <translation>%1，%2 张票据</translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <source>Reject claim %1</source>
        <translation>不予给付：申请 %1</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>不予给付</translation>
    </message>
    <message>
        <source>What the member is told (printed on the notice)</source>
        <translation>告知申请人的审核意见（打印在通知书上）</translation>
    </message>
    <message>
        <source>%1, %2, payout as calculated %3</source>
        <translation>%1，%2，计算给付 %3</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>理由(&amp;R)：</translation>
    </message>
    <message>
        <source>Re&amp;view opinion:</source>
        <translation>审核意见(&amp;V)：</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>New password for %1</source>
        <translation>为 %1 设置新密码</translation>
    </message>
    <message>
        <source>Set password</source>
        <translation>设置密码</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>Password again:</source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>A lock-out is lifted too. Tell the person the new password in private.</source>
        <translation>账户锁定也会一并解除。请当面告知本人新密码。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>ReturnSummary</name>
    <message>
        <source>Scheme code</source>
        <translation>方案编码</translation>
    </message>
    <message>
        <source>Scheme name</source>
        <translation>方案名称</translation>
    </message>
    <message>
        <source>New members this month</source>
        <translation>本月新增参保人数</translation>
    </message>
    <message>
        <source>Members in the period</source>
        <translation>期内累计参保人数</translation>
    </message>
    <message>
        <source>Premiums this month</source>
        <translation>本月互助金收入</translation>
    </message>
    <message>
        <source>Premiums in the period</source>
        <translation>期内累计互助金收入</translation>
    </message>
    <message>
        <source>Claims entered this month</source>
        <translation>本月受理件数</translation>
    </message>
    <message>
        <source>Members paid this month</source>
        <translation>本月给付人数</translation>
    </message>
    <message>
        <source>Claims paid this month</source>
        <translation>本月给付人次</translation>
    </message>
    <message>
        <source>Medical costs this month</source>
        <translation>本月医疗费总额</translation>
    </message>
    <message>
        <source>Paid this month</source>
        <translation>本月给付金额</translation>
    </message>
    <message>
        <source>Paid in the period</source>
        <translation>期内累计给付金额</translation>
    </message>
    <message>
        <source>Payout ratio</source>
        <translation>资金使用率</translation>
    </message>
</context>
<context>
    <name>Returns</name>
    <message>
        <source>Exported</source>
        <translation>已导出</translation>
    </message>
    <message>
        <source>Submitted (month locked)</source>
        <translation>已报送（已结账）</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>报送时间</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>校验值（SHA-256）</translation>
    </message>
</context>
<context>
    <name>ReversalDialog</name>
    <message>
        <source>Reverse a payment (冲正)</source>
        <translation>冲正</translation>
    </message>
    <message>
        <source>&amp;Record reversal</source>
        <translation>登记冲正(&amp;R)</translation>
    </message>
    <message>
        <source>Claim:</source>
        <translation>申请：</translation>
    </message>
    <message>
        <source>Paid:</source>
        <translation>已付：</translation>
    </message>
    <message>
        <source>%1 yuan</source>
        <translation>%1 元</translation>
    </message>
    <message>
        <source>Reversed before:</source>
        <translation>此前冲正：</translation>
    </message>
    <message>
        <source>%1 yuan (paid or waiting); at most %2 yuan can still be reversed</source>
        <translation>%1 元（已扣回或待扣回），最多还能冲正 %2 元</translation>
    </message>
    <message>
        <source>Paid money is never edited. The reversal is a separate negative entry for this claim; it goes into the next payment batch, where it is deducted.</source>
        <translation>已支付的金额不会修改。冲正是该申请的一笔单独的负数记录，进入下一个给付批次，在该批次中扣回。</translation>
    </message>
    <message>
        <source>e.g. paid twice; wrong member; receipt refunded</source>
        <translation>例如：重复支付、付错人、票据已退费</translation>
    </message>
    <message>
        <source>&amp;Amount to take back (yuan):</source>
        <translation>冲正金额（元）(&amp;A)：</translation>
    </message>
    <message>
        <source>R&amp;eason:</source>
        <translation>冲正原因(&amp;E)：</translation>
    </message>
    <message>
        <source>Type the amount, e.g. 1830.00.</source>
        <translation>请输入金额，例如 1830.00。</translation>
    </message>
    <message>
        <source>The amount must be more than 0 and at most %1 yuan.</source>
        <translation>冲正金额须大于 0，且不超过 %1 元。</translation>
    </message>
    <message>
        <source>Say why the payment is reversed.</source>
        <translation>请写明冲正原因。</translation>
    </message>
</context>
<context>
    <name>ReviewPapers</name>
    <message>
        <source>Papers</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>Send back for papers</source>
        <translation>退回补件</translation>
    </message>
    <message>
        <source>Choose a claim first.</source>
        <translation>请先选择一件申请。</translation>
    </message>
    <message>
        <source>Claim %1 sent back to the clerk for papers.</source>
        <translation>申请 %1 已退回经办人补交材料。</translation>
    </message>
</context>
<context>
    <name>ReviewPrints</name>
    <message>
        <source>P prints its rejection notice.</source>
        <translation>按 P 打印其不予给付通知书。</translation>
    </message>
    <message>
        <source>P prints its approval form.</source>
        <translation>按 P 打印其审批表。</translation>
    </message>
    <message>
        <source>Every approval form of the claims approved today, in one PDF</source>
        <translation>今天审批通过的每份审批表，合成一个 PDF</translation>
    </message>
    <message>
        <source>Only an approved or rejected claim can be printed.</source>
        <translation>审批通过或不予给付的申请才能打印。</translation>
    </message>
    <message>
        <source>Claim %1 was rejected: it has no approval form to carry its papers. P prints its rejection notice.</source>
        <translation>申请 %1 已不予给付，没有可附材料的审批表。按 P 打印不予给付通知书。</translation>
    </message>
    <message>
        <source>Print today&apos;s approval forms (%1)</source>
        <translation>打印今日审批表（%1）</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>Back to the queue</source>
        <translation>返回队列</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一件</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一件</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>审批通过</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>不予给付</translation>
    </message>
    <message>
        <source>Take back</source>
        <translation>回退</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Approval form or rejection notice (P); the approval form with the claim&apos;s papers as an annex (Shift+P)</source>
        <translation>打印审批表或不予给付通知书（P）；打印审批表并附申请材料（Shift+P）</translation>
    </message>
    <message>
        <source>Batch approve…</source>
        <translation>批量审批…</translation>
    </message>
    <message>
        <source>Approve every payable claim the filter shows, except your own</source>
        <translation>审批当前列表中全部可给付的申请（本人录入的除外）</translation>
    </message>
    <message>
        <source>Approve the claim (A); Enter confirms</source>
        <translation>审批通过（A），回车确认</translation>
    </message>
    <message>
        <source>Reject with a reason (R)</source>
        <translation>不予给付，选择理由（R）</translation>
    </message>
    <message>
        <source>Take an approval or rejection back before payment (U)</source>
        <translation>给付前回退审批或不予给付的决定（U）</translation>
    </message>
    <message>
        <source>Next claim in the queue (J or ↓)</source>
        <translation>队列中的下一件（J 或 ↓）</translation>
    </message>
    <message>
        <source>Previous claim in the queue (K or ↑)</source>
        <translation>队列中的上一件（K 或 ↑）</translation>
    </message>
    <message>
        <source>Back to the queue (Esc)</source>
        <translation>返回队列（Esc）</translation>
    </message>
    <message>
        <source>Open the claim (Enter or O)</source>
        <translation>打开申请（回车或 O）</translation>
    </message>
    <message>
        <source>%1 claim(s)</source>
        <translation>共 %1 件</translation>
    </message>
    <message>
        <source>Choose a claim first.</source>
        <translation>请先选择一件申请。</translation>
    </message>
    <message>
        <source>Only a reviewer may decide claims.</source>
        <translation>只有审核人可以审批。</translation>
    </message>
    <message>
        <source>Claim %1 is %2: only a claim waiting for review can be decided.</source>
        <translation>申请 %1 当前为“%2”，只有待审核的申请可以审批。</translation>
    </message>
    <message>
        <source>The scheme&apos;s rules do not pay claim %1 (%2): reject it (R).</source>
        <translation>按方案规定申请 %1 不予给付（%2），请按 R 作不予给付处理。</translation>
    </message>
    <message>
        <source>Only an approved or rejected claim, not yet paid, can be taken back.</source>
        <translation>只有已审批或不予给付、尚未给付的申请可以回退。</translation>
    </message>
    <message>
        <source>Only an approved or rejected claim can be printed.</source>
        <translation>审批通过或不予给付的申请才能打印。</translation>
    </message>
    <message>
        <source>Look again</source>
        <translation>请重新核对</translation>
    </message>
    <message>
        <source>Approve claim %1 of %2? Payout %3 yuan.</source>
        <translation>审批通过 %2 的申请 %1？给付 %3 元。</translation>
    </message>
    <message>
        <source>Claim %1 approved: approval no. %2, payout %3 yuan.</source>
        <translation>申请 %1 已审批通过，审批编号 %2，给付 %3 元。</translation>
    </message>
    <message>
        <source>Claim %1 rejected: %2.</source>
        <translation>申请 %1 不予给付：%2。</translation>
    </message>
    <message>
        <source>Take the decision on claim %1 (%2) back? It returns to the review queue.</source>
        <translation>回退申请 %1（%2）的审核决定？它将回到待审核队列。</translation>
    </message>
    <message>
        <source>Claim %1 is waiting for review again.</source>
        <translation>申请 %1 已回退，再次等待审核。</translation>
    </message>
    <message>
        <source>No payable claim of someone else waits in this list.</source>
        <translation>当前列表中没有他人录入、可给付的待审核申请。</translation>
    </message>
    <message>
        <source>Batch approve</source>
        <translation>批量审批</translation>
    </message>
    <message>
        <source>Approve %1 payable claim(s) of this list, payout %2 yuan in all? %3 entered by you are left for another reviewer.</source>
        <translation>审批通过当前列表中 %1 件可给付的申请，给付合计 %2 元？其中由您录入的 %3 件留给其他审核人。</translation>
    </message>
    <message>
        <source>Approve all</source>
        <translation>全部审批</translation>
    </message>
    <message>
        <source>Batch approval stopped; what was approved stays.</source>
        <translation>批量审批已停止，已审批的保持不变。</translation>
    </message>
    <message>
        <source>Approving…</source>
        <translation>正在审批…</translation>
    </message>
    <message>
        <source>%1 claim(s) approved, payout %2 yuan; %3 of yours left for another reviewer.</source>
        <translation>已审批 %1 件，给付合计 %2 元；您录入的 %3 件留给其他审核人。</translation>
    </message>
    <message>
        <source>Recalculated, look again: %1.</source>
        <translation>以下申请计算结果有变，已重新计算，请逐件核对：%1。</translation>
    </message>
</context>
<context>
    <name>RosterRows</name>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>RosterScreen</name>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Workbooks</source>
        <translation>表格文件</translation>
    </message>
    <message>
        <source>Blank: each row names its unit</source>
        <translation>留空：名册每行填写单位编码</translation>
    </message>
    <message>
        <source>Can be recorded later on the unit&apos;s page</source>
        <translation>也可以以后在单位页面登记</translation>
    </message>
    <message>
        <source>The roster workbook (.xlsx)</source>
        <translation>参保名册工作簿（.xlsx）</translation>
    </message>
    <message>
        <source>&amp;Import roster</source>
        <translation>导入名册(&amp;I)</translation>
    </message>
    <message>
        <source>Roster &amp;template…</source>
        <translation>下载名册模板(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>参保单位(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Scheme:</source>
        <translation>方案(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Receipt no.:</source>
        <translation>缴费票据号(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>选择文件(&amp;O)…</translation>
    </message>
    <message>
        <source>Roster wor&amp;kbook:</source>
        <translation>名册文件(&amp;K)：</translation>
    </message>
    <message>
        <source>Choose the unit and the scheme, then the roster workbook, and import it. Rows already enrolled are skipped, so a roster can be imported again after the unit has corrected its bad rows.</source>
        <translation>选择参保单位和方案，再选择名册文件并导入。已参保的职工会跳过，所以单位改正错误行后可以把整份名册再导入一次。</translation>
    </message>
    <message>
        <source>Rows with problems</source>
        <translation>有问题的行</translation>
    </message>
    <message>
        <source>&amp;Export bad rows…</source>
        <translation>导出错误行(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Print payment voucher…</source>
        <translation>打印缴费凭证(&amp;P)…</translation>
    </message>
    <message>
        <source>The payment voucher of the batch just imported, with its member list</source>
        <translation>刚导入批次的缴费凭证，附参保人员名单</translation>
    </message>
    <message>
        <source>Choose the roster</source>
        <translation>选择参保名册</translation>
    </message>
    <message>
        <source>Your role may not enroll members.</source>
        <translation>你的角色不能办理参保。</translation>
    </message>
    <message>
        <source>Choose the scheme from the list.</source>
        <translation>请从列表中选择方案。</translation>
    </message>
    <message>
        <source>No unit is called “%1”: choose one from the list.</source>
        <translation>没有名为“%1”的单位，请从列表中选择。</translation>
    </message>
    <message>
        <source>Choose the roster workbook first.</source>
        <translation>请先选择名册文件。</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>Importing the roster…</source>
        <translation>正在导入参保名册…</translation>
    </message>
    <message>
        <source>%1: %2 enrolled (%3 new members, %4 renewals), %5 already enrolled and skipped, %6 rows with errors.</source>
        <translation>%1：参保 %2 人（新登记职工 %3 人，续保 %4 人），已参保跳过 %5 人，错误 %6 行。</translation>
    </message>
    <message>
        <source>Batch %1, premium total %2 yuan.</source>
        <translation>参保批次 %1，保费合计 %2 元。</translation>
    </message>
    <message>
        <source>Export the bad rows and send them back to the unit; once corrected, import the whole roster again.</source>
        <translation>请导出错误行退回单位；改正后把整份名册再导入一次。</translation>
    </message>
    <message>
        <source>Rows with problems (%1 errors, %2 notes)</source>
        <translation>有问题的行（错误 %1 行，提示 %2 行）</translation>
    </message>
    <message>
        <source>Roster imported: %1 enrolled, %2 rows with errors.</source>
        <translation>名册已导入：参保 %1 人，错误 %2 行。</translation>
    </message>
    <message>
        <source>The roster was not imported: %1</source>
        <translation>名册未导入：%1</translation>
    </message>
    <message>
        <source>The import was cancelled. Nothing was changed.</source>
        <translation>导入已取消，没有做任何改动。</translation>
    </message>
    <message>
        <source>bad rows</source>
        <translation>错误行</translation>
    </message>
    <message>
        <source>Export the bad rows</source>
        <translation>导出错误行</translation>
    </message>
    <message>
        <source>%1 bad rows saved to %2</source>
        <translation>已导出 %1 个错误行：%2</translation>
    </message>
    <message>
        <source>roster template</source>
        <translation>参保名册模板</translation>
    </message>
    <message>
        <source>Save the roster template</source>
        <translation>保存参保名册模板</translation>
    </message>
    <message>
        <source>Template saved to %1</source>
        <translation>模板已保存：%1</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>The latest %1 syncs of this desk, newest first.</source>
        <translation>本服务点最近 %1 次同步，最新的在最上面。</translation>
    </message>
    <message>
        <source>This desk has not synced yet.</source>
        <translation>本服务点还没有同步过。</translation>
    </message>
</context>
<context>
    <name>SchemeWords</name>
    <message>
        <source>Amounts are rounded to the fen.</source>
        <translation>金额保留到分（四舍五入）。</translation>
    </message>
    <message>
        <source>Amounts are rounded to the whole yuan.</source>
        <translation>金额四舍五入到元。</translation>
    </message>
    <message>
        <source>Amounts are cut to the whole yuan (jiao and fen dropped).</source>
        <translation>金额取整到元（舍去角分）。</translation>
    </message>
    <message>
        <source>A hospital stay is covered when its admission day is in the period.</source>
        <translation>住院以入院日期判断是否在保障期内。</translation>
    </message>
    <message>
        <source>A hospital stay is covered when its discharge day is in the period.</source>
        <translation>住院以出院日期判断是否在保障期内。</translation>
    </message>
    <message>
        <source>Period %1 to %2; premium %3 yuan a share, at most %4 shares a member.</source>
        <translation>保障期 %1 至 %2；每份保费 %3 元，每人最多 %4 份。</translation>
    </message>
    <message>
        <source>First enrollment: a waiting period of %1 days (none on renewal).</source>
        <translation>首次参保观察期 %1 天（续保无观察期）。</translation>
    </message>
    <message>
        <source>No waiting period.</source>
        <translation>无观察期。</translation>
    </message>
    <message>
        <source>Cap: %1 yuan a share in the period, over all benefits.</source>
        <translation>年度封顶：每份 %1 元（各保障项目合计）。</translation>
    </message>
    <message>
        <source>No cap in the period.</source>
        <translation>不设年度封顶。</translation>
    </message>
    <message>
        <source>A claim that comes to less than %1 yuan is paid %1 yuan.</source>
        <translation>单次给付不足 %1 元的，按 %1 元给付。</translation>
    </message>
    <message>
        <source>%1 of it is paid</source>
        <translation>按 %1 给付</translation>
    </message>
    <message>
        <source>above %1: %2</source>
        <translation>%1 以上 %2</translation>
    </message>
    <message>
        <source>%1 to %2: %3</source>
        <translation>%1～%2 段 %3</translation>
    </message>
    <message>
        <source>paid by brackets (%1)</source>
        <translation>分段给付（%1）</translation>
    </message>
    <message>
        <source>%1: the sum of %2</source>
        <translation>%1：以 %2 之和为基数</translation>
    </message>
    <message>
        <source>once in the period</source>
        <translation>每个保障期一次</translation>
    </message>
    <message>
        <source>on each claim</source>
        <translation>每次理赔</translation>
    </message>
    <message>
        <source>, less a deductible of %1 yuan (%2)</source>
        <translation>，扣除起付线 %1 元（%2）</translation>
    </message>
    <message>
        <source>, the brackets counting everything in the period</source>
        <translation>，分段按保障期内累计计算</translation>
    </message>
    <message>
        <source>; extra rate for %1 (the highest one that applies)</source>
        <translation>；%1 另加比例（取其高者）</translation>
    </message>
    <message>
        <source>%1: %2 yuan a day in hospital</source>
        <translation>%1：住院每天 %2 元</translation>
    </message>
    <message>
        <source>, from day %1</source>
        <translation>，自第 %1 天起</translation>
    </message>
    <message>
        <source>, at most %1 days in the period</source>
        <translation>，每个保障期最多 %1 天</translation>
    </message>
    <message>
        <source>, at most %1 yuan in the period</source>
        <translation>，每个保障期最多 %1 元</translation>
    </message>
    <message>
        <source>%1: %2 yuan once on a diagnosis of %3 (once per member and plan)</source>
        <translation>%1：确诊 %3 一次性给付 %2 元（每人每个保障项目一次）</translation>
    </message>
    <message>
        <source>%1: %2 yuan a month, counted by day, at most %3 months, on the first stay for %4</source>
        <translation>%1：%4 首次住院，每月 %2 元，按天计算，最多 %3 个月</translation>
    </message>
    <message>
        <source>%1: %2 yuan once in the period</source>
        <translation>%1：一次性给付 %2 元（每个保障期一次）</translation>
    </message>
    <message>
        <source> (for: %1).</source>
        <translation>（适用：%1）。</translation>
    </message>
    <message>
        <source>Benefits</source>
        <translation>保障项目</translation>
    </message>
</context>
<context>
    <name>SchemesModel</name>
    <message>
        <source>Active</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Not active</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Waiting for activation</source>
        <translation>待启用</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>方案编码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>方案名称</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>保障项目</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>保障期</translation>
    </message>
    <message>
        <source>Premium</source>
        <translation>每份保费</translation>
    </message>
    <message>
        <source>Max shares</source>
        <translation>最多份数</translation>
    </message>
    <message>
        <source>Cap a share</source>
        <translation>每份封顶</translation>
    </message>
    <message>
        <source>none</source>
        <translation>不封顶</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>来源</translation>
    </message>
</context>
<context>
    <name>SchemesScreen</name>
    <message>
        <source>&amp;Import scheme file…</source>
        <translation>导入方案文件(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Activate</source>
        <translation>启用(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Deactivate</source>
        <translation>停用(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Rules in words</source>
        <translation>方案内容(&amp;R)</translation>
    </message>
    <message>
        <source>Scheme &amp;text as imported</source>
        <translation>方案原文(&amp;T)</translation>
    </message>
    <message>
        <source>%1 scheme(s) sent by the city wait for activation: %2. Members can be enrolled and claims paid under a scheme only once it is active.</source>
        <translation>市总工会下发的 %1 个方案等待启用：%2。方案启用后才能参保和理赔。</translation>
    </message>
    <message>
        <source>An admin activates schemes.</source>
        <translation>方案由管理员启用。</translation>
    </message>
    <message>
        <source>%1 schemes, %2 active</source>
        <translation>共 %1 个方案，%2 个已启用</translation>
    </message>
    <message>
        <source>Import a scheme file</source>
        <translation>导入方案文件</translation>
    </message>
    <message>
        <source>Scheme files (*.toml);;All files (*)</source>
        <translation>方案文件 (*.toml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Scheme %1 imported.</source>
        <translation>方案 %1 已导入。</translation>
    </message>
    <message>
        <source>Scheme %1 was imported before with the same content; nothing changed.</source>
        <translation>方案 %1 已导入过，内容相同，未作改动。</translation>
    </message>
    <message>
        <source>Activate scheme</source>
        <translation>启用方案</translation>
    </message>
    <message>
        <source>Activate %1? Members can then be enrolled in it and claims paid.</source>
        <translation>启用 %1？启用后即可参保和理赔。</translation>
    </message>
    <message>
        <source>Deactivate scheme</source>
        <translation>停用方案</translation>
    </message>
    <message>
        <source>Deactivate %1? Nobody can be enrolled in it any more; enrollments and claims made under it stay as they are.</source>
        <translation>停用 %1？停用后不能再参保；已有的参保和理赔不受影响。</translation>
    </message>
    <message>
        <source>Scheme %1 activated.</source>
        <translation>方案 %1 已启用。</translation>
    </message>
    <message>
        <source>Scheme %1 deactivated.</source>
        <translation>方案 %1 已停用。</translation>
    </message>
</context>
<context>
    <name>Screens</name>
    <message>
        <source>Dashboard</source>
        <translation>工作台</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>我的账户</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Backup and restore</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <source>Claim intake</source>
        <translation>理赔录入</translation>
    </message>
    <message>
        <source>Unit enrollment</source>
        <translation>单位参保</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>职工</translation>
    </message>
    <message>
        <source>Schemes</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Trial calculation</source>
        <translation>试算</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>参保单位</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核审批</translation>
    </message>
    <message>
        <source>Settlement import</source>
        <translation>结算数据导入</translation>
    </message>
    <message>
        <source>Print approval forms</source>
        <translation>审批表打印</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>给付</translation>
    </message>
    <message>
        <source>Monthly return</source>
        <translation>月报</translation>
    </message>
    <message>
        <source>Annual analysis</source>
        <translation>年度分析</translation>
    </message>
    <message>
        <source>One-to-one verification</source>
        <translation>一对一核实</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
</context>
<context>
    <name>Sections</name>
    <message>
        <source>Dashboard</source>
        <translation>工作台</translation>
    </message>
    <message>
        <source>Enrollment</source>
        <translation>参保登记</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>理赔受理</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核审批</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>给付</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Schemes</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
</context>
<context>
    <name>SendBackDialog</name>
    <message>
        <source>Send claim %1 back for papers</source>
        <translation>退回申请 %1 补件</translation>
    </message>
    <message>
        <source>Send back</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Please bring: %1</source>
        <translation>请补交：%1</translation>
    </message>
    <message>
        <source>&amp;Which paper:</source>
        <translation>补交材料(&amp;W)：</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>this setting</source>
        <translation>本设置</translation>
    </message>
    <message>
        <source>the system&apos;s language</source>
        <translation>系统的显示语言</translation>
    </message>
    <message>
        <source>the system locale</source>
        <translation>系统区域设置</translation>
    </message>
    <message>
        <source>the --lang option</source>
        <translation>启动参数 --lang</translation>
    </message>
    <message>
        <source>The window is in %1, decided by %2 (%3). The order: this setting (Chinese or English), then --lang on the command line, then DESK_APP_LANG, then the system locale: LC_ALL, LC_MESSAGES, LANG in turn, where C and POSIX name no language.</source>
        <translation>现在的界面语言是%1，依据%2（%3）。先看本设置（中文或 English），其次是启动参数 --lang，再次是 DESK_APP_LANG，最后是系统区域：依次看 LC_ALL、LC_MESSAGES、LANG，其中 C 和 POSIX 不算一种语言。</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>This desk</source>
        <translation>本服务点</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>界面</translation>
    </message>
    <message>
        <source>Printing and forms</source>
        <translation>打印与表单</translation>
    </message>
    <message>
        <source>SMS notices</source>
        <translation>短信通知</translation>
    </message>
    <message>
        <source>Bank lists</source>
        <translation>代发明细</translation>
    </message>
    <message>
        <source>Sample with a four-character name and a five-figure amount: %1 characters, one SMS (up to 70).</source>
        <translation>以四字姓名、五位金额为例：%1 字，一条短信（70 字以内）。</translation>
    </message>
    <message>
        <source>Sample with a four-character name and a five-figure amount: %1 characters, sent and charged as %2 SMS (one holds 70).</source>
        <translation>以四字姓名、五位金额为例：%1 字，将按 %2 条短信发送和计费（一条 70 字）。</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Sync with the city</source>
        <translation>与市总工会同步</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Automatic (as the system)</source>
        <translation>自动（跟随系统）</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Chosen when the program starts (--data-dir, DESK_APP_DATA or a portable install); it holds the database, backups, exports and logs.</source>
        <translation>在程序启动时确定（--data-dir 参数、DESK_APP_DATA 环境变量或便携安装），存放数据库、备份、导出文件和日志。</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Move…</source>
        <translation>移动(&amp;M)…</translation>
    </message>
    <message>
        <source>Copy the database, backups, exports and logs to another folder (another disk, a USB stick) and use it from now on. The old folder is left as it was.</source>
        <translation>把数据库、备份、导出文件和日志复制到另一个文件夹（另一块硬盘或 U 盘），以后就使用新文件夹。原文件夹保持不动。</translation>
    </message>
    <message>
        <source>Takes effect after the program is restarted.</source>
        <translation>重新启动程序后生效。</translation>
    </message>
    <message>
        <source>Takes effect at once.</source>
        <translation>保存后立即生效。</translation>
    </message>
    <message>
        <source>Only an administrator may change it.</source>
        <translation>仅管理员可以修改。</translation>
    </message>
    <message>
        <source>&amp;Save settings</source>
        <translation>保存设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Undo changes</source>
        <translation>撤销修改(&amp;U)</translation>
    </message>
    <message>
        <source>Choose the new data folder</source>
        <translation>选择新的数据文件夹</translation>
    </message>
    <message>
        <source>Move the data folder</source>
        <translation>移动数据文件夹</translation>
    </message>
    <message>
        <source>Move the data to %1?</source>
        <translation>把数据移到 %1？</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <source>Everyone is signed out while the database and the backups are copied; then the program works from the new folder. The old folder is kept.</source>
        <translation>复制数据库和备份期间所有人都会退出登录；完成后程序改用新文件夹。原文件夹会保留。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>没有需要保存的修改。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>The language changes when the program is next started.</source>
        <translation>界面语言将在下次启动程序时更换。</translation>
    </message>
</context>
<context>
    <name>SettlementImportScreen</name>
    <message>
        <source>Workbooks</source>
        <translation>表格文件</translation>
    </message>
    <message>
        <source>Settlement file</source>
        <translation>医保结算数据文件</translation>
    </message>
    <message>
        <source>Save the rejected rows</source>
        <translation>保存错误行</translation>
    </message>
    <message>
        <source>The bureau&apos;s settlement workbook (.xlsx)</source>
        <translation>医保部门导出的结算数据（.xlsx）</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Rows of the same person, kind, dates and hospital become one claim with several receipts; each claim is calculated and submitted for review. A row imported before is skipped, so a corrected file can be imported again.</source>
        <translation>同一人、同一类别、同一日期和医院的各行合为一件申请（多张票据）；每件申请自动计算并提交审核。以前导入过的行会跳过，改正后的文件可以再次导入。</translation>
    </message>
    <message>
        <source>&amp;Save rejected rows as Excel…</source>
        <translation>错误行另存为 Excel(&amp;S)…</translation>
    </message>
    <message>
        <source>Sch&amp;eme:</source>
        <translation>方案(&amp;E)：</translation>
    </message>
    <message>
        <source>Fi&amp;le:</source>
        <translation>文件(&amp;L)：</translation>
    </message>
    <message>
        <source>Rejected &amp;rows:</source>
        <translation>错误行(&amp;R)：</translation>
    </message>
    <message>
        <source>No active scheme: an admin loads and activates the scheme first.</source>
        <translation>没有启用的方案：请管理员先导入并启用方案。</translation>
    </message>
    <message>
        <source>Choose the settlement file first.</source>
        <translation>请先选择结算数据文件。</translation>
    </message>
    <message>
        <source>There is no file %1.</source>
        <translation>找不到文件 %1。</translation>
    </message>
    <message>
        <source>Importing settlement data…</source>
        <translation>正在导入结算数据…</translation>
    </message>
    <message>
        <source>%1: %2 row(s) imported as %3 claim(s) submitted for review (payout %4 yuan); %5 row(s) skipped (imported before); %6 row(s) rejected.</source>
        <translation>%1：导入 %2 行，生成 %3 件申请并已提交审核（计算给付 %4 元）；跳过 %5 行（以前已导入）；错误 %6 行。</translation>
    </message>
    <message>
        <source>%1 claim(s) are not payable under the scheme&apos;s rules.</source>
        <translation>其中 %1 件按方案规定不予给付。</translation>
    </message>
    <message>
        <source>Import cancelled: nothing was stored.</source>
        <translation>已取消导入，没有写入任何数据。</translation>
    </message>
    <message>
        <source>Rejected rows saved as %1</source>
        <translation>错误行已保存为 %1</translation>
    </message>
</context>
<context>
    <name>SetupPanel</name>
    <message>
        <source>e.g. 330702, as the city office issued it</source>
        <translation>例如 330702，以市总工会分配的为准</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>manual only</source>
        <translation>仅手动</translation>
    </message>
    <message>
        <source>Set up &amp;offline, without asking the server</source>
        <translation>离线保存，暂不检查连接(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Test the connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Save settings</source>
        <translation>保存设置(&amp;S)</translation>
    </message>
    <message>
        <source>City server &amp;URL:</source>
        <translation>市级服务器地址(&amp;U)：</translation>
    </message>
    <message>
        <source>Site &amp;code:</source>
        <translation>服务点代码(&amp;C)：</translation>
    </message>
    <message>
        <source>To&amp;ken:</source>
        <translation>令牌(&amp;K)：</translation>
    </message>
    <message>
        <source>Automatic sync e&amp;very:</source>
        <translation>自动同步间隔(&amp;V)：</translation>
    </message>
    <message>
        <source>The city office registers this desk and gives its admin the site code and a token (city-server site add). The token is kept sealed on this PC, outside the database and its backups, only for syncing: it is never shown, printed, exported or logged; after a restore it must be entered again. The address must start with https://: plain http:// is accepted only for a server on this PC. Changes made here are audited.</source>
        <translation>市总工会为本服务点登记后，会把服务点代码和令牌交给本服务点的管理员（city-server site add）。令牌加密保存在本机、数据库及其备份之外，只供同步使用，不会显示、打印、导出或写入日志；恢复备份后需重新填写。服务器地址必须以 https:// 开头：http:// 只接受本机上的服务器。此处的修改会记入审计日志。</translation>
    </message>
    <message>
        <source>Stored; leave empty to keep it</source>
        <translation>已保存；不更换请留空</translation>
    </message>
    <message>
        <source>Paste the token the city office issued</source>
        <translation>粘贴市总工会发放的令牌</translation>
    </message>
    <message>
        <source>Connected: the city server (version %1) accepts site %2 %3.</source>
        <translation>连接成功：市级服务器（版本 %1）接受服务点 %2 %3。</translation>
    </message>
    <message>
        <source>Asking the city server…</source>
        <translation>正在询问市级服务器…</translation>
    </message>
    <message>
        <source>Saved. The desk now syncs with this server; F9 syncs at once.</source>
        <translation>已保存。本服务点今后与此服务器同步；按 F9 可立即同步。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Change the site code</source>
        <translation>更改服务点代码</translation>
    </message>
    <message>
        <source>This desk&apos;s records already went to the city as site %1. As %2 the city will refuse them as another site&apos;s. Change the site code only if the city office told you to.</source>
        <translation>本机的数据已以服务点 %1 的名义上传过。改为 %2 后，市里会把这些记录当作其他服务点的而拒收。只有市总工会要求时才更改服务点代码。</translation>
    </message>
    <message>
        <source>Change to %1</source>
        <translation>改为 %1</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>没有做任何更改。</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键一览</translation>
    </message>
    <message>
        <source>What</source>
        <translation>功能</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Go to %1</source>
        <translation>转到“%1”</translation>
    </message>
    <message>
        <source>Between navigation and page</source>
        <translation>在导航栏和页面之间切换</translation>
    </message>
    <message>
        <source>Next field / previous field</source>
        <translation>下一项 / 上一项</translation>
    </message>
    <message>
        <source>Next field; on the last field, the form&apos;s main button</source>
        <translation>下一项；在最后一项时执行表单的主按钮</translation>
    </message>
    <message>
        <source>Next tab / previous tab</source>
        <translation>下一个 / 上一个选项卡</translation>
    </message>
    <message>
        <source>Close a dialog without saving</source>
        <translation>关闭对话框（不保存）</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Workers&apos; Medical Mutual Aid</source>
        <translation>职工医疗互助保障</translation>
    </message>
    <message>
        <source>Login name:</source>
        <translation>登录名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>Enter your login name.</source>
        <translation>请输入登录名。</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
</context>
<context>
    <name>SyncFindings</name>
    <message>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已处理</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>What the city found</source>
        <translation>市里发现的问题</translation>
    </message>
</context>
<context>
    <name>SyncRuns</name>
    <message>
        <source>By hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>定时</translation>
    </message>
    <message>
        <source>At start</source>
        <translation>启动时</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>命令行</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>Took</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>SyncScheduler</name>
    <message>
        <source>A sync is already running; it goes on in the background.</source>
        <translation>同步正在进行中，会在后台继续完成。</translation>
    </message>
    <message>
        <source>Sync is not set up yet: an admin enters the city server, the site code and the token on the Sync screen.</source>
        <translation>尚未设置同步：请管理员在“同步”页填写市级服务器地址、服务点代码和令牌。</translation>
    </message>
    <message>
        <source>Sync failed: %1</source>
        <translation>同步失败：%1</translation>
    </message>
    <message>
        <source>Sync failed: %1 (details on the Sync screen)</source>
        <translation>同步失败：%1（详见“同步”页）</translation>
    </message>
    <message>
        <source>Syncing: connecting to the city server…</source>
        <translation>正在同步：连接市级服务器…</translation>
    </message>
    <message>
        <source>Syncing: sending changes %1%</source>
        <translation>正在同步：上传变更 %1%</translation>
    </message>
    <message>
        <source>Syncing: receiving the city&apos;s updates…</source>
        <translation>正在同步：接收市里的更新…</translation>
    </message>
    <message>
        <source>Sync state unknown</source>
        <translation>同步状态未知</translation>
    </message>
    <message>
        <source>Sync not set up</source>
        <translation>未配置同步</translation>
    </message>
    <message>
        <source>Behind the city: recover on the Sync screen before new work</source>
        <translation>本机落后于市里：请先在“同步”页从市里恢复，再录入新数据</translation>
    </message>
    <message>
        <source>Backup restored: sync before new work</source>
        <translation>已恢复备份：请先同步，再录入新数据</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <source>Synced %1</source>
        <translation>已同步 %1</translation>
    </message>
    <message>
        <source>Sync failed %1: %2</source>
        <translation>同步失败 %1：%2</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>待上传 %1 条</translation>
    </message>
    <message>
        <source>%1 new schemes to activate</source>
        <translation>%1 个新方案待启用</translation>
    </message>
    <message>
        <source>%1 city findings open</source>
        <translation>%1 条市级提示待处理</translation>
    </message>
    <message>
        <source>City server %1, site %2</source>
        <translation>市级服务器 %1，服务点 %2</translation>
    </message>
    <message>
        <source>Last successful sync: %1</source>
        <translation>上次成功同步：%1</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>上次错误：%1</translation>
    </message>
    <message>
        <source>%1 changes wait to go up</source>
        <translation>%1 条变更等待上传</translation>
    </message>
    <message>
        <source>Automatic sync every %1 minutes</source>
        <translation>每 %1 分钟自动同步</translation>
    </message>
    <message>
        <source>Automatic sync is off: manual only</source>
        <translation>自动同步已关闭：仅手动同步</translation>
    </message>
    <message>
        <source>Sync now: %1</source>
        <translation>立即同步：%1</translation>
    </message>
    <message>
        <source>Sync done: %1 changes sent, %2 items received</source>
        <translation>同步完成：上传 %1 条变更，接收 %2 项</translation>
    </message>
    <message>
        <source>; %1 new findings from the city</source>
        <translation>；市里新报告 %1 条问题</translation>
    </message>
    <message>
        <source>; new schemes wait for activation on the Schemes screen</source>
        <translation>；新方案等待在“方案”页启用</translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message>
        <source>Sto&amp;p</source>
        <translation>停止(&amp;P)</translation>
    </message>
    <message>
        <source>Stop the sync; what did not go up yet goes with the next one.</source>
        <translation>停止同步；尚未上传的变更下次同步时再传。</translation>
    </message>
    <message>
        <source>Go to Sch&amp;emes</source>
        <translation>转到方案页(&amp;E)</translation>
    </message>
    <message>
        <source>Sync &amp;runs</source>
        <translation>同步记录(&amp;R)</translation>
    </message>
    <message>
        <source>C&amp;ity findings</source>
        <translation>市级提示(&amp;I)</translation>
    </message>
    <message>
        <source>Co&amp;nnection</source>
        <translation>连接设置(&amp;N)</translation>
    </message>
    <message>
        <source>Reading the sync state…</source>
        <translation>正在读取同步状态…</translation>
    </message>
    <message>
        <source>C&amp;ity findings (%1)</source>
        <translation>市级提示 (%1)(&amp;I)</translation>
    </message>
    <message>
        <source>This desk is not connected to the city yet</source>
        <translation>本服务点尚未连接市级服务器</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <source>Synced %1</source>
        <translation>已同步 %1</translation>
    </message>
    <message>
        <source>The last sync failed (%1)</source>
        <translation>上次同步失败（%1）</translation>
    </message>
    <message>
        <source>Why: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>Nothing is lost: the %1 changes stay waiting and go with the next sync.</source>
        <translation>数据不会丢失：这 %1 条变更会保留，下次同步时上传。</translation>
    </message>
    <message>
        <source>Enter the city server, the site code and the token under Connection below.</source>
        <translation>请在下方“连接设置”中填写市级服务器地址、服务点代码和令牌。</translation>
    </message>
    <message>
        <source>An admin sets up the link to the city on this screen.</source>
        <translation>请管理员在本页设置与市级服务器的连接。</translation>
    </message>
    <message>
        <source>Waiting to go up: %1 changes</source>
        <translation>待上传：%1 条变更</translation>
    </message>
    <message>
        <source>Last successful sync: %1</source>
        <translation>上次成功同步：%1</translation>
    </message>
    <message>
        <source>Open city findings: %1</source>
        <translation>待处理的市级提示：%1 条</translation>
    </message>
    <message>
        <source>Automatic sync every %1 minutes</source>
        <translation>每 %1 分钟自动同步</translation>
    </message>
    <message>
        <source> (next about %1)</source>
        <translation>（下次约 %1）</translation>
    </message>
    <message>
        <source>Automatic sync is off: manual only</source>
        <translation>自动同步已关闭：仅手动同步</translation>
    </message>
    <message>
        <source>City server %1, site %2</source>
        <translation>市级服务器 %1，服务点 %2</translation>
    </message>
    <message>
        <source>%1 new scheme(s) from the city wait for an admin to activate them on the Schemes screen: %2. Until then nobody can be enrolled in them.</source>
        <translation>市里发来 %1 个新方案，等待管理员在“方案”页启用：%2。启用之前不能按这些方案参保。</translation>
    </message>
    <message>
        <source>Finding marked resolved.</source>
        <translation>已标记为已处理。</translation>
    </message>
    <message>
        <source>Finding open again.</source>
        <translation>已重新打开。</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>Trial</name>
    <message>
        <source>receipt or dates wrong</source>
        <translation>票据或日期有误</translation>
    </message>
    <message>
        <source>not in the period</source>
        <translation>不在保障期内</translation>
    </message>
    <message>
        <source>not yet enrolled on that day</source>
        <translation>出险时尚未参保</translation>
    </message>
    <message>
        <source>in the waiting period</source>
        <translation>观察期内</translation>
    </message>
    <message>
        <source>the cap is used up</source>
        <translation>已达年度封顶</translation>
    </message>
    <message>
        <source>not covered by this scheme</source>
        <translation>不属保障范围</translation>
    </message>
</context>
<context>
    <name>TrialReceipts</name>
    <message>
        <source>Total cost</source>
        <translation>医疗费总额</translation>
    </message>
    <message>
        <source>Pooled fund paid</source>
        <translation>统筹基金支付</translation>
    </message>
    <message>
        <source>Other schemes paid</source>
        <translation>大病保险/救助等支付</translation>
    </message>
    <message>
        <source>Deductible (self)</source>
        <translation>起付标准自付</translation>
    </message>
    <message>
        <source>Co-payment (self)</source>
        <translation>按比例自付</translation>
    </message>
    <message>
        <source>Over the cap (self)</source>
        <translation>超封顶线自付</translation>
    </message>
    <message>
        <source>Class B share</source>
        <translation>自付二（乙类先自付）</translation>
    </message>
    <message>
        <source>Self-funded</source>
        <translation>自费</translation>
    </message>
    <message>
        <source>Total − components</source>
        <translation>总额 − 分项</translation>
    </message>
    <message>
        <source>Receipt %1</source>
        <translation>票据 %1</translation>
    </message>
</context>
<context>
    <name>TrialScreen</name>
    <message>
        <source>ID number of a registered member</source>
        <translation>已登记职工的身份证号</translation>
    </message>
    <message>
        <source>&amp;Bring in</source>
        <translation>带入(&amp;B)</translation>
    </message>
    <message>
        <source>Fill in the member&apos;s shares, enrollment date, renewal and categories</source>
        <translation>带入该职工的份数、参保日期、续保和人员类别</translation>
    </message>
    <message>
        <source>&amp;Scheme:</source>
        <translation>方案(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Enrolled on:</source>
        <translation>参保日期(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Renewal (enrolled in the previous period)</source>
        <translation>续保(&amp;R)（上一保障期已参保）</translation>
    </message>
    <message>
        <source>Lump sum paid in an earlier &amp;year</source>
        <translation>以前保障期已领重大疾病保障金(&amp;Y)</translation>
    </message>
    <message>
        <source>Shares:</source>
        <translation>份数：</translation>
    </message>
    <message>
        <source>Member &amp;ID:</source>
        <translation>职工身份证号(&amp;I)：</translation>
    </message>
    <message>
        <source>Categories:</source>
        <translation>人员类别：</translation>
    </message>
    <message>
        <source>&amp;Add a claim</source>
        <translation>添加一笔理赔(&amp;A)</translation>
    </message>
    <message>
        <source>Remove this c&amp;laim</source>
        <translation>删除这笔理赔(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;New trial</source>
        <translation>重新试算(&amp;N)</translation>
    </message>
    <message>
        <source>Load a &amp;case file…</source>
        <translation>载入案例文件(&amp;C)…</translation>
    </message>
    <message>
        <source>Claims in the period, oldest first</source>
        <translation>本期理赔（按先后）</translation>
    </message>
    <message>
        <source>A trial writes nothing. Earlier claims of the member in this period count only when they are entered here too.</source>
        <translation>试算不保存任何数据。职工本期已有的理赔，只有在这里一并录入才会计入。</translation>
    </message>
    <message>
        <source>No member has the ID number %1.</source>
        <translation>没有身份证号为 %1 的职工。</translation>
    </message>
    <message>
        <source>%1 is not enrolled in this scheme; only the categories were filled in.</source>
        <translation>%1 未参加该方案，只带入了人员类别。</translation>
    </message>
    <message>
        <source>%1&apos;s enrollment brought in.</source>
        <translation>已带入 %1 的参保信息。</translation>
    </message>
    <message>
        <source>Load a case file</source>
        <translation>载入案例文件</translation>
    </message>
    <message>
        <source>Case files (*.json);;All files (*)</source>
        <translation>案例文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The enrollment date is not a date.</source>
        <translation>参保日期不是有效日期。</translation>
    </message>
    <message>
        <source>Fill in the enrollment date.</source>
        <translation>请填写参保日期。</translation>
    </message>
    <message>
        <source>Choose a scheme from the list.</source>
        <translation>请从列表中选择方案。</translation>
    </message>
    <message>
        <source>Claim %1: %2</source>
        <translation>第 %1 笔：%2</translation>
    </message>
    <message>
        <source>Not calculated yet</source>
        <translation>尚未算出</translation>
    </message>
    <message>
        <source>Payout %1 yuan</source>
        <translation>给付 %1 元</translation>
    </message>
    <message>
        <source> · cap left %1 yuan</source>
        <translation> · 剩余封顶额度 %1 元</translation>
    </message>
    <message>
        <source>payable, %1 yuan</source>
        <translation>可给付 %1 元</translation>
    </message>
    <message>
        <source>not payable: %1</source>
        <translation>不予给付：%1</translation>
    </message>
    <message>
        <source>Claim %1</source>
        <translation>第 %1 笔</translation>
    </message>
    <message>
        <source>Cap left after it: %1 yuan</source>
        <translation>本笔后剩余封顶额度 %1 元</translation>
    </message>
    <message>
        <source>How it was calculated</source>
        <translation>计算过程</translation>
    </message>
</context>
<context>
    <name>UnitBatches</name>
    <message>
        <source>Batch no.</source>
        <translation>批次号</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Head count</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Premium total</source>
        <translation>保费合计</translation>
    </message>
    <message>
        <source>Receipt no.</source>
        <translation>缴费票据号</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>经办人</translation>
    </message>
</context>
<context>
    <name>UnitDialog</name>
    <message>
        <source>Change unit</source>
        <translation>修改单位</translation>
    </message>
    <message>
        <source>Add unit</source>
        <translation>登记参保单位</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Add unit</source>
        <translation>登记(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Code:</source>
        <translation>单位编码(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>单位名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Industry:</source>
        <translation>产业(&amp;I)：</translation>
    </message>
    <message>
        <source>C&amp;ontact:</source>
        <translation>联系人(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>联系电话(&amp;P)：</translation>
    </message>
    <message>
        <source>Count&amp;y:</source>
        <translation>所属区县(&amp;Y)：</translation>
    </message>
</context>
<context>
    <name>UnitPage</name>
    <message>
        <source>← Back to the list (Esc)</source>
        <translation>← 返回列表（Esc）</translation>
    </message>
    <message>
        <source>&amp;Change unit…</source>
        <translation>修改单位(&amp;C)…</translation>
    </message>
    <message>
        <source>Premium &amp;receipt no.…</source>
        <translation>登记缴费票据号(&amp;R)…</translation>
    </message>
    <message>
        <source>Industry:</source>
        <translation>产业：</translation>
    </message>
    <message>
        <source>Contact:</source>
        <translation>联系人：</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>联系电话：</translation>
    </message>
    <message>
        <source>County:</source>
        <translation>所属区县：</translation>
    </message>
    <message>
        <source>Members now:</source>
        <translation>现有职工：</translation>
    </message>
    <message>
        <source>Enrollment &amp;batches (%1)</source>
        <translation>参保批次(&amp;B)（%1）</translation>
    </message>
    <message>
        <source>Premium receipt number</source>
        <translation>缴费票据号</translation>
    </message>
    <message>
        <source>Receipt number for batch %1:</source>
        <translation>参保批次 %1 的缴费票据号：</translation>
    </message>
</context>
<context>
    <name>UnitsModel</name>
    <message>
        <source>Code</source>
        <translation>单位编码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>产业</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>County</source>
        <translation>所属区县</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>职工数</translation>
    </message>
</context>
<context>
    <name>UnitsScreen</name>
    <message>
        <source>Unit code, name or industry</source>
        <translation>单位编码、名称或产业</translation>
    </message>
    <message>
        <source>&amp;Add unit…</source>
        <translation>登记单位(&amp;A)…</translation>
    </message>
    <message>
        <source>%1 units</source>
        <translation>共 %1 个单位</translation>
    </message>
    <message>
        <source>%1 of %2 units</source>
        <translation>%1 个单位（共 %2 个）</translation>
    </message>
    <message>
        <source>Unit added: %1</source>
        <translation>已登记单位：%1</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Screen locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <source>The screen is locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <source>Signed in: %1. Enter your password to go on where you left off.</source>
        <translation>当前登录：%1。请输入密码，继续刚才的工作。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <source>Sign &amp;out…</source>
        <translation>注销(&amp;O)…</translation>
    </message>
    <message>
        <source>Another person wants to sign in. Anything not saved is lost.</source>
        <translation>换其他人登录。未保存的内容将会丢失。</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Locked until %1</source>
        <translation>已锁定至 %1</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>&amp;Add user…</source>
        <translation>添加用户(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Change name or role…</source>
        <translation>修改姓名或角色(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Deactivate</source>
        <translation>停用(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Reset password…</source>
        <translation>重置密码(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <source>Re&amp;activate</source>
        <translation>重新启用(&amp;A)</translation>
    </message>
    <message>
        <source>Deactivate user</source>
        <translation>停用用户</translation>
    </message>
    <message>
        <source>Deactivate %1 (%2)? They can no longer sign in; what they did stays.</source>
        <translation>确定停用 %1（%2）吗？停用后不能再登录，其办理记录保留。</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>%1 can sign in again.</source>
        <translation>%1 已可重新登录。</translation>
    </message>
</context>
<context>
    <name>VerificationScreen</name>
    <message>
        <source>Q1 (January–March)</source>
        <translation>第一季度（1–3月）</translation>
    </message>
    <message>
        <source>Q2 (April–June)</source>
        <translation>第二季度（4–6月）</translation>
    </message>
    <message>
        <source>Q3 (July–September)</source>
        <translation>第三季度（7–9月）</translation>
    </message>
    <message>
        <source>Q4 (October–December)</source>
        <translation>第四季度（10–12月）</translation>
    </message>
    <message>
        <source>blank: every unit</source>
        <translation>空白：全部单位</translation>
    </message>
    <message>
        <source>Export verification list… (Ctrl+E)</source>
        <translation>导出核实名单… (Ctrl+E)</translation>
    </message>
    <message>
        <source>Write the quarter&apos;s one-to-one verification list (Ctrl+E)</source>
        <translation>写出该季度的一对一核实名单 (Ctrl+E)</translation>
    </message>
    <message>
        <source>Open folder (Ctrl+O)</source>
        <translation>打开文件夹 (Ctrl+O)</translation>
    </message>
    <message>
        <source>&amp;Year:</source>
        <translation>年度(&amp;Y)：</translation>
    </message>
    <message>
        <source>&amp;Quarter:</source>
        <translation>季度(&amp;Q)：</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>单位(&amp;U)：</translation>
    </message>
    <message>
        <source>The list shows every payment of the quarter — member, ID number, the account&apos;s last four digits, amount, approval number, pay date — one sheet per unit, for each unit union to check with its members one by one, sign and report back what does not agree.</source>
        <translation>名单列出本季度的每一笔给付（职工、身份证号、账号尾号、金额、审批编号、给付日期），每个单位一张表，由各基层工会逐一向职工核实、签字盖章，并反馈不符之处。</translation>
    </message>
    <message>
        <source>Paid in %1 Q%2: %3 batch(es), %4 claim(s), %5 yuan.</source>
        <translation>%1 年第 %2 季度已付款：%3 个批次，%4 件，合计 %5 元。</translation>
    </message>
    <message>
        <source>Nothing was paid in %1 Q%2: the list would be empty.</source>
        <translation>%1 年第 %2 季度没有付款，名单将是空的。</translation>
    </message>
    <message>
        <source>Only a reviewer may export the lists.</source>
        <translation>只有审核人可以导出名单。</translation>
    </message>
    <message>
        <source>No unit is called “%1”.</source>
        <translation>没有名为“%1”的单位。</translation>
    </message>
    <message>
        <source>Save the verification list</source>
        <translation>保存一对一核实名单</translation>
    </message>
    <message>
        <source>Verification list written to %1.</source>
        <translation>一对一核实名单已写出：%1。</translation>
    </message>
    <message>
        <source>Writing the verification list…</source>
        <translation>正在写出一对一核实名单…</translation>
    </message>
</context>
<context>
    <name>_Cover</name>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
</context>
</TS>
