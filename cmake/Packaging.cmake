# The Debian packages (docs/operations.md, "Installing the packages"): `cpack -G DEB` in the
# build folder makes
#   linedesk         the console (component `console`): the program, its desktop entry,
#                    AppStream metainfo, the icon in the hicolor theme (SVG and PNG sizes)
#   linedesk-server  the service (component `server`): the program, a systemd unit running it
#                    as the system user `linedesk` with its state in /var/lib/linedesk, and
#                    its options in /etc/linedesk/server.conf (a conffile)
# each with its copyright file, changelog.Debian.gz and man page, stripped, without RPATH,
# and dependencies from dpkg-shlibdeps plus the Qt plugins and fonts no library pulls in.
# Included from the top-level CMakeLists.txt after the parts, so their install() rules
# (COMPONENT console / server) are known. ctest's package_debs (label `package`) builds and
# checks them; scripts/fresh-root installs them in a fresh Debian 12 root.

set(LINEDESK_PACKAGING ${PROJECT_SOURCE_DIR}/packaging)
set(LINEDESK_PACKAGING_OUT ${CMAKE_BINARY_DIR}/packaging)
set(LINEDESK_DEB_RELEASE 1)
set(LINEDESK_DEB_VERSION ${PROJECT_VERSION}-${LINEDESK_DEB_RELEASE})
find_program(LINEDESK_GZIP gzip REQUIRED)

# Made at build time, in the `linedesk_package_files` target: gzip -9n (no name, no time: the
# same bytes every build, as lintian wants), and the icon's PNG sizes.
set(packageFiles)
function(linedesk_gzip source output)
    add_custom_command(OUTPUT ${output}
        COMMAND ${LINEDESK_GZIP} -9nc ${source} > ${output}
        DEPENDS ${source} VERBATIM)
    set(packageFiles ${packageFiles} ${output} PARENT_SCOPE)
endfunction()

set(components server)
if(LINEDESK_BUILD_CONSOLE)
    list(APPEND components console)
endif()
foreach(component IN LISTS components)
    if(component STREQUAL console)
        set(package linedesk)
    else()
        set(package linedesk-server)
    endif()
    set(PKG ${package})
    set(VERSION ${LINEDESK_DEB_VERSION})
    configure_file(${LINEDESK_PACKAGING}/changelog.Debian.in
                   ${LINEDESK_PACKAGING_OUT}/${package}/changelog.Debian @ONLY)
    linedesk_gzip(${LINEDESK_PACKAGING_OUT}/${package}/changelog.Debian
                  ${LINEDESK_PACKAGING_OUT}/${package}/changelog.Debian.gz)
    linedesk_gzip(${LINEDESK_PACKAGING}/${package}.1 ${LINEDESK_PACKAGING_OUT}/${package}.1.gz)
    install(FILES ${LINEDESK_PACKAGING}/copyright
                  ${LINEDESK_PACKAGING_OUT}/${package}/changelog.Debian.gz
            DESTINATION share/doc/${package} COMPONENT ${component})
    install(FILES ${LINEDESK_PACKAGING_OUT}/${package}.1.gz
            DESTINATION share/man/man1 COMPONENT ${component})
endforeach()

# The service: its unit where Debian 12 keeps packaged units, its configuration under /etc.
install(FILES ${LINEDESK_PACKAGING}/linedesk-server.service
        DESTINATION /lib/systemd/system COMPONENT server)
install(FILES ${LINEDESK_PACKAGING}/server.conf DESTINATION /etc/linedesk COMPONENT server)
install(FILES ${PROJECT_SOURCE_DIR}/docs/operations.md
        DESTINATION share/doc/linedesk-server COMPONENT server)

# The console: desktop entry, metainfo and icon. The desktop id and the metainfo id match,
# as AppStream wants (ui/main.cpp's setDesktopFileName says the same id).
if(LINEDESK_BUILD_CONSOLE)
    configure_file(${LINEDESK_PACKAGING}/com.linedesk.Linedesk.metainfo.xml
                   ${LINEDESK_PACKAGING_OUT}/com.linedesk.Linedesk.metainfo.xml @ONLY)
    install(FILES ${LINEDESK_PACKAGING_OUT}/com.linedesk.Linedesk.metainfo.xml
            DESTINATION share/metainfo COMPONENT console)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/linedesk.svg
            DESTINATION share/icons/hicolor/scalable/apps COMPONENT console)
    # The PNG sizes are rendered from the one SVG at build time (rsvg-convert, librsvg2-bin in
    # scripts/common.sh's list) rather than committed, so they never drift from it.
    find_program(LINEDESK_RSVG_CONVERT rsvg-convert)
    if(LINEDESK_RSVG_CONVERT)
        foreach(size 16 32 48 64 128 256)
            set(png ${LINEDESK_PACKAGING_OUT}/icons/${size}x${size}/linedesk.png)
            add_custom_command(OUTPUT ${png}
                COMMAND ${CMAKE_COMMAND} -E make_directory ${LINEDESK_PACKAGING_OUT}/icons/${size}x${size}
                COMMAND ${LINEDESK_RSVG_CONVERT} -w ${size} -h ${size}
                        -o ${png} ${PROJECT_SOURCE_DIR}/resources/icons/linedesk.svg
                DEPENDS ${PROJECT_SOURCE_DIR}/resources/icons/linedesk.svg VERBATIM)
            list(APPEND packageFiles ${png})
            install(FILES ${png} DESTINATION share/icons/hicolor/${size}x${size}/apps
                    COMPONENT console)
        endforeach()
    else()
        message(WARNING "rsvg-convert (Debian package librsvg2-bin) is missing: the linedesk "
            "package will lack its PNG icons, and ctest's package_debs fails.")
    endif()
endif()
add_custom_target(linedesk_package_files ALL DEPENDS ${packageFiles})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME linedesk)
set(CPACK_PACKAGE_VENDOR "The Linedesk developers")
set(CPACK_PACKAGE_CONTACT "The Linedesk developers <packages@linedesk.example.com>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL ${components})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # NAME_VERSION_ARCH.deb, as apt names them
set(CPACK_DEBIAN_PACKAGE_RELEASE ${LINEDESK_DEB_RELEASE})
set(CPACK_DEBIAN_PACKAGE_SOURCE linedesk)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://linedesk.example.com/")
# dpkg-shlibdeps (dpkg-dev) names the libraries' packages; what they load at run time
# without linking it is named by hand below.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)

set(CPACK_DEBIAN_CONSOLE_PACKAGE_NAME linedesk)
set(CPACK_DEBIAN_CONSOLE_PACKAGE_SECTION x11)
# The X11/Wayland platform plugins, the SVG icon engine (every icon is an SVG), SQLite for
# the embedded service, Qt's own texts in the user's language (dialog buttons, file
# dialogs), and a font for the text.
set(CPACK_DEBIAN_CONSOLE_PACKAGE_DEPENDS
    "qt6-qpa-plugins, libqt6svg6, libqt6sql6-sqlite, qt6-translations-l10n, fonts-dejavu-core | fonts-noto-core | fonts-liberation2")
set(CPACK_DEBIAN_CONSOLE_PACKAGE_SUGGESTS "linedesk-server")
set(CPACK_COMPONENT_CONSOLE_DESCRIPTION "concurrency lines and billing console
Linedesk is the billing console for a voice-AI calling platform's
concurrency lines: how many calls an account may hold at once. Admins see
included and purchased lines and buy or remove lines with a prorated price
preview; everyone watches active calls against the limit live; support staff
search every subscription.
.
With no server configured the console starts the service embedded, with demo
data. The service for real accounts is in the package linedesk-server.")

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME linedesk-server)
set(CPACK_DEBIAN_SERVER_PACKAGE_SECTION net)
# Both database drivers (a SQLite file, or PostgreSQL for several instances); adduser for
# postinst (deb-systemd-helper's init-system-helpers is essential in Debian 12).
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser, libqt6sql6-sqlite, libqt6sql6-psql")
set(CPACK_COMPONENT_SERVER_DESCRIPTION "Linedesk service: billing ledger and concurrency lines
The service behind the Linedesk console: billing ledger, line purchases and
removals, renewals, roles and audit trail, call admission with leases,
concurrency history, alerts with webhooks, and a live feed, as JSON over
HTTP, on a SQLite file or a PostgreSQL database.
.
It runs as the systemd unit linedesk-server.service under its own system
user, with its options in /etc/linedesk/server.conf and its state in
/var/lib/linedesk.")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    ${LINEDESK_PACKAGING}/deb/linedesk-server/postinst
    ${LINEDESK_PACKAGING}/deb/linedesk-server/prerm
    ${LINEDESK_PACKAGING}/deb/linedesk-server/postrm
    ${LINEDESK_PACKAGING}/deb/linedesk-server/conffiles)
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
include(CPack)

# The packages made and checked: lintian (errors fail), desktop-file-validate, appstreamcli,
# and the files, dependencies and maintainer scripts each must have.
if(LINEDESK_BUILD_TESTS AND LINEDESK_BUILD_CONSOLE)
    add_test(NAME package_debs
             COMMAND bash ${LINEDESK_PACKAGING}/check-debs ${CMAKE_BINARY_DIR}
                     ${CMAKE_BINARY_DIR}/packages)
    set_tests_properties(package_debs PROPERTIES LABELS package TIMEOUT 600)
endif()
