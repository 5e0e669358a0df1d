# SPDX-License-Identifier: GPL-2.0-or-later
#
# Bulwark for isar / isar-cip-core images: builds the packages bulwark and
# bulwark-enforce from the debian/ directory of the source (debhelper 13,
# meson), like any other Debian source package. The package cross-builds
# (nothing in the build runs the built binary; the project's CI proves it
# with dpkg-buildpackage -a arm64, tests/integration/cross-build.sh).
#
# The source is the git repository this layer lives in: kas checks out the
# bulwark repository (contrib/isar/kas/bulwark.yml) and this layer is
# contrib/isar/meta-bulwark inside it, so the repository is three levels up
# from LAYERDIR_bulwark, fetched with git's file protocol. No network address
# to fill in, and the build never depends on a server being up.
#
# SRCREV pins the exact commit the package is built from (a certification
# file names the exact version): a commit of this repository's history whose
# debian/ cross-builds, checked by tests/integration/contrib-check.py. Bump
# it when releasing. To build from a mirror instead, set BULWARK_SRC_URI in
# local.conf to its git:// URL (with nobranch=1) and keep SRCREV pinned.

DESCRIPTION = "Assess and enforce IEC 62443-4-2 FR 4 and FR 5, and write the evidence"
MAINTAINER = "Bulwark maintainers <maintainers@users.noreply.r-seed-8f6df161.example>"
LICENSE = "GPL-2.0-or-later"
LIC_FILES_CHKSUM = "file://${LAYERDIR_core}/licenses/COPYING.GPLv2;md5=751419260aa954499f7abaabaa882bbe"

BULWARK_REPO_DIR = "${@os.path.normpath(d.getVar('LAYERDIR_bulwark') + '/../../..')}"
BULWARK_SRC_URI ?= "git://${BULWARK_REPO_DIR};protocol=file;nobranch=1"
SRC_URI = "${BULWARK_SRC_URI};destsuffix=${P}"
SRCREV = "87737bab1383016d235c59e5e8e04c13aadcaabd"

# The package build runs the unit tests; the integration suite (network
# namespaces, Chromium, loop devices) belongs to the project's CI.
DEB_BUILD_PROFILES += "nocheck"
DEB_BUILD_OPTIONS += "nocheck"

inherit dpkg
