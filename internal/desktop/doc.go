// Package desktop is what CareKeeper needs from the desktop session besides windows and
// notifications: whether a system tray exists (so that closing the window may hide the app in
// it), and starting at login (an XDG autostart entry on Linux and the BSDs, the Run key on
// Windows, a LaunchAgent on macOS).
//
// Nothing here imports Fyne; the app decides what to do with the answers.
package desktop
