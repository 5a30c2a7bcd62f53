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
        <source>Sync not set up</source>
        <translation>未配置同步</translation>
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
        <source>Sync failed %1</source>
        <translation>同步失败 %1</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>待上传 %1 条</translation>
    </message>
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
        <source>Sync state unknown</source>
        <translation>同步状态未知</translation>
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
    <name>SettingsPage</name>
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
    <name>_Cover</name>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
</context>
</TS>
