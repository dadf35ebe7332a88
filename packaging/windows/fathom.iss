; Inno Setup script for Fathom on Windows (https://jrsoftware.org/isinfo.php).
; Build on Windows after `cargo build --release`:  iscc packaging\windows\fathom.iss
; It installs the window and the capture helper, a Start menu entry, and associates .pcap,
; .pcapng and .cap files with Fathom. Live capture needs Npcap (https://npcap.com), which
; Fathom does not bundle: without it Fathom opens files and shows how to get Npcap.

#define AppVersion "0.1.0"

[Setup]
AppId={{6B3C2F0E-5E7A-4C1F-9B7D-F47A0D3E2C11}
AppName=Fathom
AppVersion={#AppVersion}
AppPublisher=The Fathom developers
DefaultDirName={autopf}\Fathom
DefaultGroupName=Fathom
OutputDir=..\..\target\windows
OutputBaseFilename=fathom-{#AppVersion}-setup
SetupIconFile=..\..\icons\fathom.ico
UninstallDisplayIcon={app}\fathom.exe
ChangesAssociations=yes
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern
LicenseFile=..\..\LICENSE-MIT

[Files]
Source: "..\..\target\release\fathom.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\..\target\release\fathom-capture.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\..\assets\demo-http.pcap"; DestDir: "{app}\assets"
Source: "..\..\README.md"; DestDir: "{app}"; Flags: isreadme

[Icons]
Name: "{group}\Fathom"; Filename: "{app}\fathom.exe"
Name: "{group}\Uninstall Fathom"; Filename: "{uninstallexe}"

[Registry]
Root: HKA; Subkey: "Software\Classes\Fathom.Capture"; ValueType: string; ValueName: ""; ValueData: "Packet capture"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Fathom.Capture\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\fathom.exe,0"
Root: HKA; Subkey: "Software\Classes\Fathom.Capture\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\fathom.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.pcap\OpenWithProgids"; ValueType: string; ValueName: "Fathom.Capture"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.pcapng\OpenWithProgids"; ValueType: string; ValueName: "Fathom.Capture"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.cap\OpenWithProgids"; ValueType: string; ValueName: "Fathom.Capture"; ValueData: ""; Flags: uninsdeletevalue

[Code]
function NpcapInstalled(): Boolean;
begin
  Result := FileExists(ExpandConstant('{sys}\Npcap\wpcap.dll'));
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if (CurStep = ssPostInstall) and (not NpcapInstalled()) then
    MsgBox('Fathom opens capture files now. To capture live traffic, install Npcap from https://npcap.com/#download', mbInformation, MB_OK);
end;
