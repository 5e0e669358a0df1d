/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A shared object with none of the symbols Bulwark resolves: tests/integration/dlopen-missing.py
 * installs it under a library's soname (LD_LIBRARY_PATH) to see "symbol not found" reported. */
int bulwark_dlopen_stub(void);
int bulwark_dlopen_stub(void) { return 0; }
