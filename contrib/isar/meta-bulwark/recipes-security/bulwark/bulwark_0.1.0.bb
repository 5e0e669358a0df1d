# SPDX-License-Identifier: GPL-2.0-or-later
#
# Bulwark for isar / isar-cip-core images: builds the packages bulwark and
# bulwark-enforce from the debian/ directory of the source (debhelper 13,
# meson), like any other Debian source package.
#
# Point BULWARK_SRC_URI at the repository or mirror you build from and pin
# SRCREV to a commit: a certification file needs to name the exact version.

DESCRIPTION = "Assess and enforce IEC 62443-4-2 FR 4 and FR 5, and write the evidence"
MAINTAINER = "Bulwark maintainers <maintainers@users.noreply.r-seed-8f6df161.example>"
LICENSE = "GPL-2.0-or-later"
LIC_FILES_CHKSUM = "file://${LAYERDIR_core}/licenses/COPYING.GPLv2;md5=751419260aa954499f7abaabaa882bbe"

BULWARK_SRC_URI ?= "git://git.example.org/bulwark.git;protocol=https;branch=main"
SRC_URI = "${BULWARK_SRC_URI};destsuffix=${P}"
SRCREV ?= "${AUTOREV}"

# The package build runs the unit tests; the integration suite (network
# namespaces, Chromium, loop devices) belongs to the project's CI.
DEB_BUILD_PROFILES += "nocheck"
DEB_BUILD_OPTIONS += "nocheck"

inherit dpkg
