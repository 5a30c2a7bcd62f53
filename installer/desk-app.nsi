; Windows installer for the desk application (NSIS 3, Unicode).
; Built by installer/build.py:  makensis -DVERSION=x.y.z -DSRCDIR=<PyInstaller folder>
;                                        -DOUTFILE=<setup.exe> installer/desk-app.nsi
; Per-machine install under Program Files; Start-menu and desktop shortcuts; an uninstaller
; that removes the program but never the data folder (the database lives in each user's
; %LOCALAPPDATA%\desk-app, or beside the program for a portable install); installing a newer
; version over an older one upgrades in place (the database migrates at the next start), an
; older one over a newer one is refused (exit code 3: an older program cannot open a database
; a newer one upgraded); the scheduled backup and sync are registered in Task Scheduler
; (desk-app-cli.exe tasks install) and removed with the program. With -DSIGNCMD="signtool …"
; (installer/signing.py) the installer and the uninstaller are signed as they are written.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel admin

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef SRCDIR
  !error "define SRCDIR: the PyInstaller folder (dist/desk-app)"
!endif
!ifndef OUTFILE
  !define OUTFILE "desk-app-setup-${VERSION}.exe"
!endif
!ifdef SIGNCMD
  !finalize '${SIGNCMD}'
  !uninstfinalize '${SIGNCMD}'
!endif

!define APPNAME "DeskApp"
!define APPTITLE_ZH "职工医疗互助保障服务窗口"
!define APPTITLE_EN "Workers' Medical Mutual Aid Desk"
!define PUBLISHER "County Federation of Trade Unions"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPNAME}"
!define REGKEY "Software\${APPNAME}"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "WordFunc.nsh"
!include "x64.nsh"

Name "$(AppTitle)"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APPNAME}"
InstallDirRegKey HKLM "${REGKEY}" "InstallDir"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APPTITLE_ZH}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPTITLE_ZH} 安装程序"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "desk-app.ico"
!define MUI_UNICON "desk-app.ico"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_FINISHPAGE_RUN "$INSTDIR\desk-app.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; Simplified Chinese first: it is the default for the clerks.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString AppTitle ${LANG_SIMPCHINESE} "${APPTITLE_ZH}"
LangString AppTitle ${LANG_ENGLISH} "${APPTITLE_EN}"
LangString StartMenuFolder ${LANG_SIMPCHINESE} "职工医疗互助保障"
LangString StartMenuFolder ${LANG_ENGLISH} "Mutual Aid Desk"
LangString UninstallLink ${LANG_SIMPCHINESE} "卸载"
LangString UninstallLink ${LANG_ENGLISH} "Uninstall"
LangString Need64 ${LANG_SIMPCHINESE} "本程序需要 64 位 Windows 10 或更新版本。"
LangString Need64 ${LANG_ENGLISH} "This program needs 64-bit Windows 10 or later."
LangString Running ${LANG_SIMPCHINESE} "程序正在运行，请先退出程序（数据会自动保存），再点“重试”。"
LangString Running ${LANG_ENGLISH} "The program is running. Close it first (your data is saved), then choose Retry."
LangString Upgrading ${LANG_SIMPCHINESE} "检测到已安装的版本 $0，将就地升级；数据不受影响，首次启动时会自动备份并升级数据库。"
LangString Upgrading ${LANG_ENGLISH} "Version $0 is installed and will be upgraded in place. Your data is kept; the database is backed up and upgraded at the next start."
LangString Downgrade ${LANG_SIMPCHINESE} "已安装较新的版本 $0，不能再安装旧版本 ${VERSION}：旧版本打不开新版本升级过的数据库。如确需回退，请先备份数据并联系技术支持。"
LangString Downgrade ${LANG_ENGLISH} "A newer version, $0, is installed: version ${VERSION} cannot be installed over it (an older program cannot open a database a newer one upgraded). To go back, back up the data first and ask for support."
LangString NoTasks ${LANG_SIMPCHINESE} "计划任务（自动备份、同步）未能注册，请按《运维手册》在“任务计划程序”中设置。"
LangString NoTasks ${LANG_ENGLISH} "The scheduled backup and sync could not be registered: set them up in Task Scheduler as the operations guide says."
LangString DataKept ${LANG_SIMPCHINESE} "程序已卸载。业务数据和备份仍保留在数据文件夹中（默认 %LOCALAPPDATA%\desk-app），如需彻底删除请手动处理。"
LangString DataKept ${LANG_ENGLISH} "The program was removed. Your data and backups are kept in the data folder (by default %LOCALAPPDATA%\desk-app); delete it by hand if you really mean to."

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(Need64)"
    Abort
  ${EndIf}
  SetRegView 64
  !insertmacro MUI_LANGDLL_DISPLAY
  ; Upgrade in place: reuse the folder of the installed version and say what will happen.
  ReadRegStr $1 HKLM "${REGKEY}" "InstallDir"
  ReadRegStr $0 HKLM "${REGKEY}" "Version"
  ; Never an older version over a newer one: 2 means the installed one is newer.
  ${If} $0 != ""
    ${VersionCompare} "${VERSION}" "$0" $R0
    ${If} $R0 == 2
      MessageBox MB_OK|MB_ICONSTOP "$(Downgrade)" /SD IDOK
      SetErrorLevel 3
      Quit
    ${EndIf}
  ${EndIf}
  ${If} $1 != ""
    StrCpy $INSTDIR $1
    MessageBox MB_OK|MB_ICONINFORMATION "$(Upgrading)" /SD IDOK
  ${EndIf}
FunctionEnd

Function un.onInit
  SetRegView 64
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "Program" SecMain
  SectionIn RO
  SetShellVarContext all
  ; The program must not be running while its files are replaced.
  retry:
  ClearErrors
  FileOpen $2 "$INSTDIR\desk-app.exe" a
  ${If} ${Errors}
    ${If} ${FileExists} "$INSTDIR\desk-app.exe"
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(Running)" /SD IDCANCEL IDRETRY retry
      Abort
    ${EndIf}
  ${Else}
    FileClose $2
  ${EndIf}
  ; Remove the old program files (never the data folder), then lay down the new ones.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${SRCDIR}\*.*"
  File "desk-app.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\$(StartMenuFolder)"
  CreateShortcut "$SMPROGRAMS\$(StartMenuFolder)\$(AppTitle).lnk" "$INSTDIR\desk-app.exe" "" "$INSTDIR\desk-app.ico"
  CreateShortcut "$SMPROGRAMS\$(StartMenuFolder)\$(UninstallLink).lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\$(AppTitle).lnk" "$INSTDIR\desk-app.exe" "" "$INSTDIR\desk-app.ico"

  WriteRegStr HKLM "${REGKEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${REGKEY}" "Version" "${VERSION}"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayName" "$(AppTitle)"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\desk-app.ico"
  WriteRegStr HKLM "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $3 $4 $5
  IntFmt $3 "0x%08X" $3
  WriteRegDWORD HKLM "${UNINSTKEY}" "EstimatedSize" "$3"

  ; The scheduled backup and sync (Task Scheduler, tasks of the Users group).
  nsExec::ExecToLog '"$INSTDIR\desk-app-cli.exe" --lang zh tasks install'
  Pop $6
  ${If} $6 != 0
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(NoTasks)" /SD IDOK
  ${EndIf}
SectionEnd

; The data folder holds personal data (PIPL; 等保 2.0): its ACL is cut from inheritance and
; grants only the installing user, Administrators (S-1-5-32-544) and SYSTEM (S-1-5-18), for
; the folder and everything created in it (OI)(CI). The program checks it again at every
; start (base/private.py) and repairs it as the signed-in user. See docs/operations.md.
Section "DataFolderAcl" SecAcl
  SectionIn RO
  SetShellVarContext current
  CreateDirectory "$LOCALAPPDATA\desk-app"
  ExpandEnvStrings $0 "%USERDOMAIN%\%USERNAME%"
  nsExec::ExecToLog 'icacls "$LOCALAPPDATA\desk-app" /inheritance:r /grant:r "$0:(OI)(CI)F" /grant:r "*S-1-5-32-544:(OI)(CI)F" /grant:r "*S-1-5-18:(OI)(CI)F"'
  Pop $1
  ${If} ${FileExists} "$INSTDIR\portable.txt"
    CreateDirectory "$INSTDIR\data"
    nsExec::ExecToLog 'icacls "$INSTDIR\data" /inheritance:r /grant:r "$0:(OI)(CI)F" /grant:r "*S-1-5-32-544:(OI)(CI)F" /grant:r "*S-1-5-18:(OI)(CI)F"'
    Pop $1
  ${EndIf}
  SetShellVarContext all
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  ; The scheduled tasks first (the program that removes them is about to go); schtasks itself
  ; as well, in case the program cannot run any more.
  nsExec::ExecToLog '"$INSTDIR\desk-app-cli.exe" tasks remove'
  Pop $6
  nsExec::ExecToLog 'schtasks /Delete /F /TN "DeskApp\Backup"'
  Pop $6
  nsExec::ExecToLog 'schtasks /Delete /F /TN "DeskApp\Sync"'
  Pop $6
  Delete "$DESKTOP\$(AppTitle).lnk"
  RMDir /r "$SMPROGRAMS\$(StartMenuFolder)"
  ; Only the program folder: a portable "data" folder beside the program is kept too.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\desk-app.exe"
  Delete "$INSTDIR\desk-app-cli.exe"
  Delete "$INSTDIR\desk-app.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTKEY}"
  DeleteRegKey HKLM "${REGKEY}"
  MessageBox MB_OK|MB_ICONINFORMATION "$(DataKept)" /SD IDOK
SectionEnd
