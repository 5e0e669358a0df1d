/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Nothing: meson.build links every object of one layer (link_whole) with the
 * layers below it and this main. A reference to a function of a higher layer
 * is then an undefined symbol, and the build fails (docs/ARCHITECTURE.md,
 * "Layers").
 */
int main(void)
{
        return 0;
}
